from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.generate_request_logit_bias_type_0 import GenerateRequestLogitBiasType0


T = TypeVar("T", bound="GenerateRequest")


@_attrs_define
class GenerateRequest:
    """
    Attributes:
        prompt (str):
        max_tokens (int | None | Unset): Aliases: max_length
        min_tokens (int | None | Unset): Aliases: min_length
        stop (list[int | str] | None | str | Unset): Aliases: stop_sequence
        banned_strings (list[str] | None | str | Unset):
        banned_tokens (list[int] | None | str | Unset): Aliases: custom_token_bans
        allowed_tokens (list[int] | None | str | Unset): Aliases: allowed_token_ids
        token_healing (bool | None | Unset):
        temperature (float | None | Unset):
        temperature_last (bool | None | Unset):
        smoothing_factor (float | None | Unset):
        top_k (int | None | Unset):
        top_p (float | None | Unset):
        top_a (float | None | Unset):
        min_p (float | None | Unset):
        tfs (float | None | Unset):
        typical (float | None | Unset): Aliases: typical_p
        skew (float | None | Unset):
        xtc_probability (float | None | Unset):
        xtc_threshold (float | None | Unset):
        frequency_penalty (float | None | Unset):
        presence_penalty (float | None | Unset):
        repetition_penalty (float | None | Unset): Aliases: rep_pen
        penalty_range (int | None | Unset): Aliases: repetition_range, repetition_penalty_range, rep_pen_range
        repetition_decay (int | None | Unset):
        dry_multiplier (float | None | Unset):
        dry_base (float | None | Unset):
        dry_allowed_length (int | None | Unset):
        dry_range (int | None | Unset): Aliases: dry_penalty_last_n
        dry_sequence_breakers (list[str] | None | str | Unset):
        mirostat_mode (int | None | Unset):
        mirostat_tau (float | None | Unset):
        mirostat_eta (float | None | Unset):
        add_bos_token (bool | None | Unset):
        ban_eos_token (bool | None | Unset): Aliases: ignore_eos
        logit_bias (GenerateRequestLogitBiasType0 | None | Unset):
        json_schema (Any | None | Unset):
        regex_pattern (None | str | Unset):
        grammar_string (None | str | Unset): Constrain generation with a context-free grammar in Lark or llama.cpp GBNF
            syntax (auto-detected).
        max_temp (float | None | Unset): Aliases: dynatemp_high
        min_temp (float | None | Unset): Aliases: dynatemp_low
        temp_exponent (float | None | Unset):
        logprobs (int | None | Unset):
        top_logprobs (int | None | Unset):
        adaptive_target (float | None | Unset):
        adaptive_decay (float | None | Unset):
        loop_detect_window (int | None | Unset): ExLlamaV3 only. Stops generation when the last N tokens are made up of
            a repeating pattern. Set 0 or null to disable.
        genkey (None | str | Unset):
        use_default_badwordsids (bool | None | Unset): Server default: `false`.
        dynatemp_range (float | Unset):
    """

    prompt: str
    max_tokens: int | None | Unset = UNSET
    min_tokens: int | None | Unset = UNSET
    stop: list[int | str] | None | str | Unset = UNSET
    banned_strings: list[str] | None | str | Unset = UNSET
    banned_tokens: list[int] | None | str | Unset = UNSET
    allowed_tokens: list[int] | None | str | Unset = UNSET
    token_healing: bool | None | Unset = UNSET
    temperature: float | None | Unset = UNSET
    temperature_last: bool | None | Unset = UNSET
    smoothing_factor: float | None | Unset = UNSET
    top_k: int | None | Unset = UNSET
    top_p: float | None | Unset = UNSET
    top_a: float | None | Unset = UNSET
    min_p: float | None | Unset = UNSET
    tfs: float | None | Unset = UNSET
    typical: float | None | Unset = UNSET
    skew: float | None | Unset = UNSET
    xtc_probability: float | None | Unset = UNSET
    xtc_threshold: float | None | Unset = UNSET
    frequency_penalty: float | None | Unset = UNSET
    presence_penalty: float | None | Unset = UNSET
    repetition_penalty: float | None | Unset = UNSET
    penalty_range: int | None | Unset = UNSET
    repetition_decay: int | None | Unset = UNSET
    dry_multiplier: float | None | Unset = UNSET
    dry_base: float | None | Unset = UNSET
    dry_allowed_length: int | None | Unset = UNSET
    dry_range: int | None | Unset = UNSET
    dry_sequence_breakers: list[str] | None | str | Unset = UNSET
    mirostat_mode: int | None | Unset = UNSET
    mirostat_tau: float | None | Unset = UNSET
    mirostat_eta: float | None | Unset = UNSET
    add_bos_token: bool | None | Unset = UNSET
    ban_eos_token: bool | None | Unset = UNSET
    logit_bias: GenerateRequestLogitBiasType0 | None | Unset = UNSET
    json_schema: Any | None | Unset = UNSET
    regex_pattern: None | str | Unset = UNSET
    grammar_string: None | str | Unset = UNSET
    max_temp: float | None | Unset = UNSET
    min_temp: float | None | Unset = UNSET
    temp_exponent: float | None | Unset = UNSET
    logprobs: int | None | Unset = UNSET
    top_logprobs: int | None | Unset = UNSET
    adaptive_target: float | None | Unset = UNSET
    adaptive_decay: float | None | Unset = UNSET
    loop_detect_window: int | None | Unset = UNSET
    genkey: None | str | Unset = UNSET
    use_default_badwordsids: bool | None | Unset = UNSET
    dynatemp_range: float | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.generate_request_logit_bias_type_0 import GenerateRequestLogitBiasType0  # noqa: PLC0415

        prompt = self.prompt

        max_tokens: int | None | Unset
        if isinstance(self.max_tokens, Unset):
            max_tokens = UNSET
        else:
            max_tokens = self.max_tokens

        min_tokens: int | None | Unset
        if isinstance(self.min_tokens, Unset):
            min_tokens = UNSET
        else:
            min_tokens = self.min_tokens

        stop: list[int | str] | None | str | Unset
        if isinstance(self.stop, Unset):
            stop = UNSET
        elif isinstance(self.stop, list):
            stop = []
            for stop_type_1_item_data in self.stop:
                stop_type_1_item: int | str
                stop_type_1_item = stop_type_1_item_data
                stop.append(stop_type_1_item)

        else:
            stop = self.stop

        banned_strings: list[str] | None | str | Unset
        if isinstance(self.banned_strings, Unset):
            banned_strings = UNSET
        elif isinstance(self.banned_strings, list):
            banned_strings = self.banned_strings

        else:
            banned_strings = self.banned_strings

        banned_tokens: list[int] | None | str | Unset
        if isinstance(self.banned_tokens, Unset):
            banned_tokens = UNSET
        elif isinstance(self.banned_tokens, list):
            banned_tokens = self.banned_tokens

        else:
            banned_tokens = self.banned_tokens

        allowed_tokens: list[int] | None | str | Unset
        if isinstance(self.allowed_tokens, Unset):
            allowed_tokens = UNSET
        elif isinstance(self.allowed_tokens, list):
            allowed_tokens = self.allowed_tokens

        else:
            allowed_tokens = self.allowed_tokens

        token_healing: bool | None | Unset
        if isinstance(self.token_healing, Unset):
            token_healing = UNSET
        else:
            token_healing = self.token_healing

        temperature: float | None | Unset
        if isinstance(self.temperature, Unset):
            temperature = UNSET
        else:
            temperature = self.temperature

        temperature_last: bool | None | Unset
        if isinstance(self.temperature_last, Unset):
            temperature_last = UNSET
        else:
            temperature_last = self.temperature_last

        smoothing_factor: float | None | Unset
        if isinstance(self.smoothing_factor, Unset):
            smoothing_factor = UNSET
        else:
            smoothing_factor = self.smoothing_factor

        top_k: int | None | Unset
        if isinstance(self.top_k, Unset):
            top_k = UNSET
        else:
            top_k = self.top_k

        top_p: float | None | Unset
        if isinstance(self.top_p, Unset):
            top_p = UNSET
        else:
            top_p = self.top_p

        top_a: float | None | Unset
        if isinstance(self.top_a, Unset):
            top_a = UNSET
        else:
            top_a = self.top_a

        min_p: float | None | Unset
        if isinstance(self.min_p, Unset):
            min_p = UNSET
        else:
            min_p = self.min_p

        tfs: float | None | Unset
        if isinstance(self.tfs, Unset):
            tfs = UNSET
        else:
            tfs = self.tfs

        typical: float | None | Unset
        if isinstance(self.typical, Unset):
            typical = UNSET
        else:
            typical = self.typical

        skew: float | None | Unset
        if isinstance(self.skew, Unset):
            skew = UNSET
        else:
            skew = self.skew

        xtc_probability: float | None | Unset
        if isinstance(self.xtc_probability, Unset):
            xtc_probability = UNSET
        else:
            xtc_probability = self.xtc_probability

        xtc_threshold: float | None | Unset
        if isinstance(self.xtc_threshold, Unset):
            xtc_threshold = UNSET
        else:
            xtc_threshold = self.xtc_threshold

        frequency_penalty: float | None | Unset
        if isinstance(self.frequency_penalty, Unset):
            frequency_penalty = UNSET
        else:
            frequency_penalty = self.frequency_penalty

        presence_penalty: float | None | Unset
        if isinstance(self.presence_penalty, Unset):
            presence_penalty = UNSET
        else:
            presence_penalty = self.presence_penalty

        repetition_penalty: float | None | Unset
        if isinstance(self.repetition_penalty, Unset):
            repetition_penalty = UNSET
        else:
            repetition_penalty = self.repetition_penalty

        penalty_range: int | None | Unset
        if isinstance(self.penalty_range, Unset):
            penalty_range = UNSET
        else:
            penalty_range = self.penalty_range

        repetition_decay: int | None | Unset
        if isinstance(self.repetition_decay, Unset):
            repetition_decay = UNSET
        else:
            repetition_decay = self.repetition_decay

        dry_multiplier: float | None | Unset
        if isinstance(self.dry_multiplier, Unset):
            dry_multiplier = UNSET
        else:
            dry_multiplier = self.dry_multiplier

        dry_base: float | None | Unset
        if isinstance(self.dry_base, Unset):
            dry_base = UNSET
        else:
            dry_base = self.dry_base

        dry_allowed_length: int | None | Unset
        if isinstance(self.dry_allowed_length, Unset):
            dry_allowed_length = UNSET
        else:
            dry_allowed_length = self.dry_allowed_length

        dry_range: int | None | Unset
        if isinstance(self.dry_range, Unset):
            dry_range = UNSET
        else:
            dry_range = self.dry_range

        dry_sequence_breakers: list[str] | None | str | Unset
        if isinstance(self.dry_sequence_breakers, Unset):
            dry_sequence_breakers = UNSET
        elif isinstance(self.dry_sequence_breakers, list):
            dry_sequence_breakers = self.dry_sequence_breakers

        else:
            dry_sequence_breakers = self.dry_sequence_breakers

        mirostat_mode: int | None | Unset
        if isinstance(self.mirostat_mode, Unset):
            mirostat_mode = UNSET
        else:
            mirostat_mode = self.mirostat_mode

        mirostat_tau: float | None | Unset
        if isinstance(self.mirostat_tau, Unset):
            mirostat_tau = UNSET
        else:
            mirostat_tau = self.mirostat_tau

        mirostat_eta: float | None | Unset
        if isinstance(self.mirostat_eta, Unset):
            mirostat_eta = UNSET
        else:
            mirostat_eta = self.mirostat_eta

        add_bos_token: bool | None | Unset
        if isinstance(self.add_bos_token, Unset):
            add_bos_token = UNSET
        else:
            add_bos_token = self.add_bos_token

        ban_eos_token: bool | None | Unset
        if isinstance(self.ban_eos_token, Unset):
            ban_eos_token = UNSET
        else:
            ban_eos_token = self.ban_eos_token

        logit_bias: dict[str, Any] | None | Unset
        if isinstance(self.logit_bias, Unset):
            logit_bias = UNSET
        elif isinstance(self.logit_bias, GenerateRequestLogitBiasType0):
            logit_bias = self.logit_bias.to_dict()
        else:
            logit_bias = self.logit_bias

        json_schema: Any | None | Unset
        if isinstance(self.json_schema, Unset):
            json_schema = UNSET
        else:
            json_schema = self.json_schema

        regex_pattern: None | str | Unset
        if isinstance(self.regex_pattern, Unset):
            regex_pattern = UNSET
        else:
            regex_pattern = self.regex_pattern

        grammar_string: None | str | Unset
        if isinstance(self.grammar_string, Unset):
            grammar_string = UNSET
        else:
            grammar_string = self.grammar_string

        max_temp: float | None | Unset
        if isinstance(self.max_temp, Unset):
            max_temp = UNSET
        else:
            max_temp = self.max_temp

        min_temp: float | None | Unset
        if isinstance(self.min_temp, Unset):
            min_temp = UNSET
        else:
            min_temp = self.min_temp

        temp_exponent: float | None | Unset
        if isinstance(self.temp_exponent, Unset):
            temp_exponent = UNSET
        else:
            temp_exponent = self.temp_exponent

        logprobs: int | None | Unset
        if isinstance(self.logprobs, Unset):
            logprobs = UNSET
        else:
            logprobs = self.logprobs

        top_logprobs: int | None | Unset
        if isinstance(self.top_logprobs, Unset):
            top_logprobs = UNSET
        else:
            top_logprobs = self.top_logprobs

        adaptive_target: float | None | Unset
        if isinstance(self.adaptive_target, Unset):
            adaptive_target = UNSET
        else:
            adaptive_target = self.adaptive_target

        adaptive_decay: float | None | Unset
        if isinstance(self.adaptive_decay, Unset):
            adaptive_decay = UNSET
        else:
            adaptive_decay = self.adaptive_decay

        loop_detect_window: int | None | Unset
        if isinstance(self.loop_detect_window, Unset):
            loop_detect_window = UNSET
        else:
            loop_detect_window = self.loop_detect_window

        genkey: None | str | Unset
        if isinstance(self.genkey, Unset):
            genkey = UNSET
        else:
            genkey = self.genkey

        use_default_badwordsids: bool | None | Unset
        if isinstance(self.use_default_badwordsids, Unset):
            use_default_badwordsids = UNSET
        else:
            use_default_badwordsids = self.use_default_badwordsids

        dynatemp_range = self.dynatemp_range

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "prompt": prompt,
            }
        )
        if max_tokens is not UNSET:
            field_dict["max_tokens"] = max_tokens
        if min_tokens is not UNSET:
            field_dict["min_tokens"] = min_tokens
        if stop is not UNSET:
            field_dict["stop"] = stop
        if banned_strings is not UNSET:
            field_dict["banned_strings"] = banned_strings
        if banned_tokens is not UNSET:
            field_dict["banned_tokens"] = banned_tokens
        if allowed_tokens is not UNSET:
            field_dict["allowed_tokens"] = allowed_tokens
        if token_healing is not UNSET:
            field_dict["token_healing"] = token_healing
        if temperature is not UNSET:
            field_dict["temperature"] = temperature
        if temperature_last is not UNSET:
            field_dict["temperature_last"] = temperature_last
        if smoothing_factor is not UNSET:
            field_dict["smoothing_factor"] = smoothing_factor
        if top_k is not UNSET:
            field_dict["top_k"] = top_k
        if top_p is not UNSET:
            field_dict["top_p"] = top_p
        if top_a is not UNSET:
            field_dict["top_a"] = top_a
        if min_p is not UNSET:
            field_dict["min_p"] = min_p
        if tfs is not UNSET:
            field_dict["tfs"] = tfs
        if typical is not UNSET:
            field_dict["typical"] = typical
        if skew is not UNSET:
            field_dict["skew"] = skew
        if xtc_probability is not UNSET:
            field_dict["xtc_probability"] = xtc_probability
        if xtc_threshold is not UNSET:
            field_dict["xtc_threshold"] = xtc_threshold
        if frequency_penalty is not UNSET:
            field_dict["frequency_penalty"] = frequency_penalty
        if presence_penalty is not UNSET:
            field_dict["presence_penalty"] = presence_penalty
        if repetition_penalty is not UNSET:
            field_dict["repetition_penalty"] = repetition_penalty
        if penalty_range is not UNSET:
            field_dict["penalty_range"] = penalty_range
        if repetition_decay is not UNSET:
            field_dict["repetition_decay"] = repetition_decay
        if dry_multiplier is not UNSET:
            field_dict["dry_multiplier"] = dry_multiplier
        if dry_base is not UNSET:
            field_dict["dry_base"] = dry_base
        if dry_allowed_length is not UNSET:
            field_dict["dry_allowed_length"] = dry_allowed_length
        if dry_range is not UNSET:
            field_dict["dry_range"] = dry_range
        if dry_sequence_breakers is not UNSET:
            field_dict["dry_sequence_breakers"] = dry_sequence_breakers
        if mirostat_mode is not UNSET:
            field_dict["mirostat_mode"] = mirostat_mode
        if mirostat_tau is not UNSET:
            field_dict["mirostat_tau"] = mirostat_tau
        if mirostat_eta is not UNSET:
            field_dict["mirostat_eta"] = mirostat_eta
        if add_bos_token is not UNSET:
            field_dict["add_bos_token"] = add_bos_token
        if ban_eos_token is not UNSET:
            field_dict["ban_eos_token"] = ban_eos_token
        if logit_bias is not UNSET:
            field_dict["logit_bias"] = logit_bias
        if json_schema is not UNSET:
            field_dict["json_schema"] = json_schema
        if regex_pattern is not UNSET:
            field_dict["regex_pattern"] = regex_pattern
        if grammar_string is not UNSET:
            field_dict["grammar_string"] = grammar_string
        if max_temp is not UNSET:
            field_dict["max_temp"] = max_temp
        if min_temp is not UNSET:
            field_dict["min_temp"] = min_temp
        if temp_exponent is not UNSET:
            field_dict["temp_exponent"] = temp_exponent
        if logprobs is not UNSET:
            field_dict["logprobs"] = logprobs
        if top_logprobs is not UNSET:
            field_dict["top_logprobs"] = top_logprobs
        if adaptive_target is not UNSET:
            field_dict["adaptive_target"] = adaptive_target
        if adaptive_decay is not UNSET:
            field_dict["adaptive_decay"] = adaptive_decay
        if loop_detect_window is not UNSET:
            field_dict["loop_detect_window"] = loop_detect_window
        if genkey is not UNSET:
            field_dict["genkey"] = genkey
        if use_default_badwordsids is not UNSET:
            field_dict["use_default_badwordsids"] = use_default_badwordsids
        if dynatemp_range is not UNSET:
            field_dict["dynatemp_range"] = dynatemp_range

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.generate_request_logit_bias_type_0 import GenerateRequestLogitBiasType0  # noqa: PLC0415

        d = dict(src_dict)
        prompt = d.pop("prompt")

        def _parse_max_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        max_tokens = _parse_max_tokens(d.pop("max_tokens", UNSET))

        def _parse_min_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        min_tokens = _parse_min_tokens(d.pop("min_tokens", UNSET))

        def _parse_stop(data: object) -> list[int | str] | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                stop_type_1 = []
                _stop_type_1 = data
                for stop_type_1_item_data in _stop_type_1:

                    def _parse_stop_type_1_item(data: object) -> int | str:
                        return cast(int | str, data)

                    stop_type_1_item = _parse_stop_type_1_item(stop_type_1_item_data)

                    stop_type_1.append(stop_type_1_item)

                return stop_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int | str] | None | str | Unset, data)

        stop = _parse_stop(d.pop("stop", UNSET))

        def _parse_banned_strings(data: object) -> list[str] | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                banned_strings_type_1 = cast(list[str], data)

                return banned_strings_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | str | Unset, data)

        banned_strings = _parse_banned_strings(d.pop("banned_strings", UNSET))

        def _parse_banned_tokens(data: object) -> list[int] | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                banned_tokens_type_0 = cast(list[int], data)

                return banned_tokens_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | str | Unset, data)

        banned_tokens = _parse_banned_tokens(d.pop("banned_tokens", UNSET))

        def _parse_allowed_tokens(data: object) -> list[int] | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                allowed_tokens_type_0 = cast(list[int], data)

                return allowed_tokens_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[int] | None | str | Unset, data)

        allowed_tokens = _parse_allowed_tokens(d.pop("allowed_tokens", UNSET))

        def _parse_token_healing(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        token_healing = _parse_token_healing(d.pop("token_healing", UNSET))

        def _parse_temperature(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        temperature = _parse_temperature(d.pop("temperature", UNSET))

        def _parse_temperature_last(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        temperature_last = _parse_temperature_last(d.pop("temperature_last", UNSET))

        def _parse_smoothing_factor(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        smoothing_factor = _parse_smoothing_factor(d.pop("smoothing_factor", UNSET))

        def _parse_top_k(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        top_k = _parse_top_k(d.pop("top_k", UNSET))

        def _parse_top_p(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        top_p = _parse_top_p(d.pop("top_p", UNSET))

        def _parse_top_a(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        top_a = _parse_top_a(d.pop("top_a", UNSET))

        def _parse_min_p(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        min_p = _parse_min_p(d.pop("min_p", UNSET))

        def _parse_tfs(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        tfs = _parse_tfs(d.pop("tfs", UNSET))

        def _parse_typical(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        typical = _parse_typical(d.pop("typical", UNSET))

        def _parse_skew(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        skew = _parse_skew(d.pop("skew", UNSET))

        def _parse_xtc_probability(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        xtc_probability = _parse_xtc_probability(d.pop("xtc_probability", UNSET))

        def _parse_xtc_threshold(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        xtc_threshold = _parse_xtc_threshold(d.pop("xtc_threshold", UNSET))

        def _parse_frequency_penalty(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        frequency_penalty = _parse_frequency_penalty(d.pop("frequency_penalty", UNSET))

        def _parse_presence_penalty(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        presence_penalty = _parse_presence_penalty(d.pop("presence_penalty", UNSET))

        def _parse_repetition_penalty(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        repetition_penalty = _parse_repetition_penalty(d.pop("repetition_penalty", UNSET))

        def _parse_penalty_range(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        penalty_range = _parse_penalty_range(d.pop("penalty_range", UNSET))

        def _parse_repetition_decay(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        repetition_decay = _parse_repetition_decay(d.pop("repetition_decay", UNSET))

        def _parse_dry_multiplier(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        dry_multiplier = _parse_dry_multiplier(d.pop("dry_multiplier", UNSET))

        def _parse_dry_base(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        dry_base = _parse_dry_base(d.pop("dry_base", UNSET))

        def _parse_dry_allowed_length(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        dry_allowed_length = _parse_dry_allowed_length(d.pop("dry_allowed_length", UNSET))

        def _parse_dry_range(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        dry_range = _parse_dry_range(d.pop("dry_range", UNSET))

        def _parse_dry_sequence_breakers(data: object) -> list[str] | None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                dry_sequence_breakers_type_1 = cast(list[str], data)

                return dry_sequence_breakers_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[str] | None | str | Unset, data)

        dry_sequence_breakers = _parse_dry_sequence_breakers(d.pop("dry_sequence_breakers", UNSET))

        def _parse_mirostat_mode(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        mirostat_mode = _parse_mirostat_mode(d.pop("mirostat_mode", UNSET))

        def _parse_mirostat_tau(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        mirostat_tau = _parse_mirostat_tau(d.pop("mirostat_tau", UNSET))

        def _parse_mirostat_eta(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        mirostat_eta = _parse_mirostat_eta(d.pop("mirostat_eta", UNSET))

        def _parse_add_bos_token(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        add_bos_token = _parse_add_bos_token(d.pop("add_bos_token", UNSET))

        def _parse_ban_eos_token(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        ban_eos_token = _parse_ban_eos_token(d.pop("ban_eos_token", UNSET))

        def _parse_logit_bias(data: object) -> GenerateRequestLogitBiasType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                logit_bias_type_0 = GenerateRequestLogitBiasType0.from_dict(data)

                return logit_bias_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(GenerateRequestLogitBiasType0 | None | Unset, data)

        logit_bias = _parse_logit_bias(d.pop("logit_bias", UNSET))

        def _parse_json_schema(data: object) -> Any | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(Any | None | Unset, data)

        json_schema = _parse_json_schema(d.pop("json_schema", UNSET))

        def _parse_regex_pattern(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        regex_pattern = _parse_regex_pattern(d.pop("regex_pattern", UNSET))

        def _parse_grammar_string(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        grammar_string = _parse_grammar_string(d.pop("grammar_string", UNSET))

        def _parse_max_temp(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        max_temp = _parse_max_temp(d.pop("max_temp", UNSET))

        def _parse_min_temp(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        min_temp = _parse_min_temp(d.pop("min_temp", UNSET))

        def _parse_temp_exponent(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        temp_exponent = _parse_temp_exponent(d.pop("temp_exponent", UNSET))

        def _parse_logprobs(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        logprobs = _parse_logprobs(d.pop("logprobs", UNSET))

        def _parse_top_logprobs(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        top_logprobs = _parse_top_logprobs(d.pop("top_logprobs", UNSET))

        def _parse_adaptive_target(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        adaptive_target = _parse_adaptive_target(d.pop("adaptive_target", UNSET))

        def _parse_adaptive_decay(data: object) -> float | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(float | None | Unset, data)

        adaptive_decay = _parse_adaptive_decay(d.pop("adaptive_decay", UNSET))

        def _parse_loop_detect_window(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        loop_detect_window = _parse_loop_detect_window(d.pop("loop_detect_window", UNSET))

        def _parse_genkey(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        genkey = _parse_genkey(d.pop("genkey", UNSET))

        def _parse_use_default_badwordsids(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        use_default_badwordsids = _parse_use_default_badwordsids(d.pop("use_default_badwordsids", UNSET))

        dynatemp_range = d.pop("dynatemp_range", UNSET)

        generate_request = cls(
            prompt=prompt,
            max_tokens=max_tokens,
            min_tokens=min_tokens,
            stop=stop,
            banned_strings=banned_strings,
            banned_tokens=banned_tokens,
            allowed_tokens=allowed_tokens,
            token_healing=token_healing,
            temperature=temperature,
            temperature_last=temperature_last,
            smoothing_factor=smoothing_factor,
            top_k=top_k,
            top_p=top_p,
            top_a=top_a,
            min_p=min_p,
            tfs=tfs,
            typical=typical,
            skew=skew,
            xtc_probability=xtc_probability,
            xtc_threshold=xtc_threshold,
            frequency_penalty=frequency_penalty,
            presence_penalty=presence_penalty,
            repetition_penalty=repetition_penalty,
            penalty_range=penalty_range,
            repetition_decay=repetition_decay,
            dry_multiplier=dry_multiplier,
            dry_base=dry_base,
            dry_allowed_length=dry_allowed_length,
            dry_range=dry_range,
            dry_sequence_breakers=dry_sequence_breakers,
            mirostat_mode=mirostat_mode,
            mirostat_tau=mirostat_tau,
            mirostat_eta=mirostat_eta,
            add_bos_token=add_bos_token,
            ban_eos_token=ban_eos_token,
            logit_bias=logit_bias,
            json_schema=json_schema,
            regex_pattern=regex_pattern,
            grammar_string=grammar_string,
            max_temp=max_temp,
            min_temp=min_temp,
            temp_exponent=temp_exponent,
            logprobs=logprobs,
            top_logprobs=top_logprobs,
            adaptive_target=adaptive_target,
            adaptive_decay=adaptive_decay,
            loop_detect_window=loop_detect_window,
            genkey=genkey,
            use_default_badwordsids=use_default_badwordsids,
            dynatemp_range=dynatemp_range,
        )

        generate_request.additional_properties = d
        return generate_request

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
