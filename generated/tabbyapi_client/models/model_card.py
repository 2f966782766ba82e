from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

if TYPE_CHECKING:
    from ..models.logging_config import LoggingConfig
    from ..models.model_card_parameters import ModelCardParameters


T = TypeVar("T", bound="ModelCard")


@_attrs_define
class ModelCard:
    """Represents a single model card.

    Attributes:
        id (str):  Default: 'test'.
        object_ (str):  Default: 'model'.
        created (int):
        owned_by (str):  Default: 'tabbyAPI'.
        logging (LoggingConfig | None):
        parameters (ModelCardParameters | None):
    """

    created: int
    logging: LoggingConfig | None
    parameters: ModelCardParameters | None
    id: str = "test"
    object_: str = "model"
    owned_by: str = "tabbyAPI"
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.logging_config import LoggingConfig  # noqa: PLC0415
        from ..models.model_card_parameters import ModelCardParameters  # noqa: PLC0415

        id = self.id

        object_ = self.object_

        created = self.created

        owned_by = self.owned_by

        logging: dict[str, Any] | None
        if isinstance(self.logging, LoggingConfig):
            logging = self.logging.to_dict()
        else:
            logging = self.logging

        parameters: dict[str, Any] | None
        if isinstance(self.parameters, ModelCardParameters):
            parameters = self.parameters.to_dict()
        else:
            parameters = self.parameters

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "id": id,
                "object": object_,
                "created": created,
                "owned_by": owned_by,
                "logging": logging,
                "parameters": parameters,
            }
        )

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.logging_config import LoggingConfig  # noqa: PLC0415
        from ..models.model_card_parameters import ModelCardParameters  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id", "test")

        object_ = d.pop("object", "model")

        created = d.pop("created")

        owned_by = d.pop("owned_by", "tabbyAPI")

        def _parse_logging(data: object) -> LoggingConfig | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                logging_type_0 = LoggingConfig.from_dict(data)

                return logging_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LoggingConfig | None, data)

        logging = _parse_logging(d.pop("logging", None))

        def _parse_parameters(data: object) -> ModelCardParameters | None:
            if data is None:
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                parameters_type_0 = ModelCardParameters.from_dict(data)

                return parameters_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ModelCardParameters | None, data)

        parameters = _parse_parameters(d.pop("parameters", None))

        model_card = cls(
            id=id,
            object_=object_,
            created=created,
            owned_by=owned_by,
            logging=logging,
            parameters=parameters,
        )

        model_card.additional_properties = d
        return model_card

    @property
    def additional_keys(self) -> list[str]:
        return list(self.additional_properties.keys())

    def __getitem__(self, key: str) -> Any:
        return self.additional_properties[key]

    def __setitem__(self, key: str, value: Any) -> None:
        self.additional_properties[key] = value

    def __delitem__(self, key: str) -> None:
        del self.additional_properties[key]

    def __contains__(self, key: str) -> bool:
        return key in self.additional_properties
