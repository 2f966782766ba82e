from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.logging_config import LoggingConfig
    from ..models.model_card_parameters import ModelCardParameters


T = TypeVar("T", bound="ModelCard")


@_attrs_define
class ModelCard:
    """Represents a single model card.

    Attributes:
        id (str | Unset):  Default: 'test'.
        object_ (str | Unset):  Default: 'model'.
        created (int | Unset):
        owned_by (str | Unset):  Default: 'tabbyAPI'.
        logging (LoggingConfig | None | Unset):
        parameters (ModelCardParameters | None | Unset):
    """

    id: str | Unset = "test"
    object_: str | Unset = "model"
    created: int | Unset = UNSET
    owned_by: str | Unset = "tabbyAPI"
    logging: LoggingConfig | None | Unset = UNSET
    parameters: ModelCardParameters | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.logging_config import LoggingConfig  # noqa: PLC0415
        from ..models.model_card_parameters import ModelCardParameters  # noqa: PLC0415

        id = self.id

        object_ = self.object_

        created = self.created

        owned_by = self.owned_by

        logging: dict[str, Any] | None | Unset
        if isinstance(self.logging, Unset):
            logging = UNSET
        elif isinstance(self.logging, LoggingConfig):
            logging = self.logging.to_dict()
        else:
            logging = self.logging

        parameters: dict[str, Any] | None | Unset
        if isinstance(self.parameters, Unset):
            parameters = UNSET
        elif isinstance(self.parameters, ModelCardParameters):
            parameters = self.parameters.to_dict()
        else:
            parameters = self.parameters

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update({})
        if id is not UNSET:
            field_dict["id"] = id
        if object_ is not UNSET:
            field_dict["object"] = object_
        if created is not UNSET:
            field_dict["created"] = created
        if owned_by is not UNSET:
            field_dict["owned_by"] = owned_by
        if logging is not UNSET:
            field_dict["logging"] = logging
        if parameters is not UNSET:
            field_dict["parameters"] = parameters

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.logging_config import LoggingConfig  # noqa: PLC0415
        from ..models.model_card_parameters import ModelCardParameters  # noqa: PLC0415

        d = dict(src_dict)
        id = d.pop("id", UNSET)

        object_ = d.pop("object", UNSET)

        created = d.pop("created", UNSET)

        owned_by = d.pop("owned_by", UNSET)

        def _parse_logging(data: object) -> LoggingConfig | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                logging_type_0 = LoggingConfig.from_dict(data)

                return logging_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(LoggingConfig | None | Unset, data)

        logging = _parse_logging(d.pop("logging", UNSET))

        def _parse_parameters(data: object) -> ModelCardParameters | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                parameters_type_0 = ModelCardParameters.from_dict(data)

                return parameters_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ModelCardParameters | None | Unset, data)

        parameters = _parse_parameters(d.pop("parameters", UNSET))

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
