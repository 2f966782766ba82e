from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any, TypeVar, cast

from attrs import define as _attrs_define
from attrs import field as _attrs_field

from ..models.chat_completion_request_tool_choice_type_0 import (
    ChatCompletionRequestToolChoiceType0,
    check_chat_completion_request_tool_choice_type_0,
)
from ..types import UNSET, Unset

if TYPE_CHECKING:
    from ..models.chat_completion_message import ChatCompletionMessage
    from ..models.chat_completion_request_functions_type_0_item import ChatCompletionRequestFunctionsType0Item
    from ..models.chat_completion_request_logit_bias_type_0 import ChatCompletionRequestLogitBiasType0
    from ..models.chat_completion_request_template_vars import ChatCompletionRequestTemplateVars
    from ..models.chat_completion_stream_options import ChatCompletionStreamOptions
    from ..models.completion_response_format import CompletionResponseFormat
    from ..models.named_tool_choice import NamedToolChoice
    from ..models.reasoning_options import ReasoningOptions
    from ..models.tool_spec import ToolSpec


T = TypeVar("T", bound="ChatCompletionRequest")


@_attrs_define
class ChatCompletionRequest:
    """
    Attributes:
        messages (list[ChatCompletionMessage]):
        max_tokens (int | None | Unset): Aliases: max_length
        min_tokens (int | None | Unset): Aliases: min_length
        stop (list[int | str] | str | Unset): Aliases: stop_sequence
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
        logit_bias (ChatCompletionRequestLogitBiasType0 | None | Unset):
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
        model (None | str | Unset):
        stream (bool | None | Unset): Server default: `false`.
        stream_options (ChatCompletionStreamOptions | None | Unset):
        response_format (CompletionResponseFormat | Unset):
        n (int | Unset):
        best_of (int | None | Unset): Not parsed. Only used for OAI compliance.
        echo (bool | None | Unset): Not parsed. Only used for OAI compliance. Server default: `false`.
        suffix (None | str | Unset): Not parsed. Only used for OAI compliance.
        user (None | str | Unset): Not parsed. Only used for OAI compliance.
        prompt_template (None | str | Unset):
        add_generation_prompt (bool | None | Unset): Server default: `true`.
        template_vars (ChatCompletionRequestTemplateVars | Unset): Aliases: chat_template_kwargs Server default: `{}`.
        reasoning_effort (None | str | Unset): Reasoning effort hint, forwarded to the chat template as the
            reasoning_effort variable. Accepted values depend on the model. An explicit reasoning_effort in template_vars
            takes precedence.
        enable_thinking (bool | None | Unset): Reasoning toggle, forwarded to the chat template as the enable_thinking
            variable. An explicit enable_thinking in template_vars takes precedence.
        verbosity (None | str | Unset): Response verbosity hint, forwarded to the chat template as the verbosity
            variable. An explicit verbosity in template_vars takes precedence.
        reasoning (None | ReasoningOptions | Unset): OpenRouter / OpenAI Responses style reasoning options.
            reasoning.effort and reasoning.enabled map to the reasoning_effort and enable_thinking template variables; the
            flat top-level fields take precedence. reasoning.max_tokens sets the reasoning token budget, superseded by the
            flat reasoning_budget_tokens field.
        reasoning_budget_tokens (int | None | Unset): Aliases: reasoning_budget, thinking_budget, thinking_token_budget.
            Token budget for reasoning content: when exceeded, the server forces the end of the reasoning phase so the model
            answers with what it has. 0 ends reasoning as soon as it starts; a negative value or None defers to the server-
            side default (unlimited if unset). Requires a model with a configured reasoning format.
        reasoning_budget_message (None | str | Unset): Text injected before the end-of-reasoning tokens when the
            reasoning budget is exhausted (default: none, configurable server-side).
        response_prefix (None | str | Unset):
        continue_final_message (bool | None | Unset): Server default: `false`.
        tools (list[ToolSpec] | None | Unset):
        functions (list[ChatCompletionRequestFunctionsType0Item] | None | Unset):
        tool_choice (ChatCompletionRequestToolChoiceType0 | NamedToolChoice | None | Unset):
        parallel_tool_calls (bool | None | Unset): Server default: `true`.
    """

    messages: list[ChatCompletionMessage]
    max_tokens: int | None | Unset = UNSET
    min_tokens: int | None | Unset = UNSET
    stop: list[int | str] | str | Unset = UNSET
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
    logit_bias: ChatCompletionRequestLogitBiasType0 | None | Unset = UNSET
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
    model: None | str | Unset = UNSET
    stream: bool | None | Unset = UNSET
    stream_options: ChatCompletionStreamOptions | None | Unset = UNSET
    response_format: CompletionResponseFormat | Unset = UNSET
    n: int | Unset = UNSET
    best_of: int | None | Unset = UNSET
    echo: bool | None | Unset = UNSET
    suffix: None | str | Unset = UNSET
    user: None | str | Unset = UNSET
    prompt_template: None | str | Unset = UNSET
    add_generation_prompt: bool | None | Unset = UNSET
    template_vars: ChatCompletionRequestTemplateVars | Unset = UNSET
    reasoning_effort: None | str | Unset = UNSET
    enable_thinking: bool | None | Unset = UNSET
    verbosity: None | str | Unset = UNSET
    reasoning: None | ReasoningOptions | Unset = UNSET
    reasoning_budget_tokens: int | None | Unset = UNSET
    reasoning_budget_message: None | str | Unset = UNSET
    response_prefix: None | str | Unset = UNSET
    continue_final_message: bool | None | Unset = UNSET
    tools: list[ToolSpec] | None | Unset = UNSET
    functions: list[ChatCompletionRequestFunctionsType0Item] | None | Unset = UNSET
    tool_choice: ChatCompletionRequestToolChoiceType0 | NamedToolChoice | None | Unset = UNSET
    parallel_tool_calls: bool | None | Unset = UNSET
    additional_properties: dict[str, Any] = _attrs_field(init=False, factory=dict)

    def to_dict(self) -> dict[str, Any]:
        from ..models.chat_completion_request_logit_bias_type_0 import ChatCompletionRequestLogitBiasType0  # noqa: PLC0415
        from ..models.chat_completion_stream_options import ChatCompletionStreamOptions  # noqa: PLC0415
        from ..models.named_tool_choice import NamedToolChoice  # noqa: PLC0415
        from ..models.reasoning_options import ReasoningOptions  # noqa: PLC0415

        messages = []
        for messages_item_data in self.messages:
            messages_item = messages_item_data.to_dict()
            messages.append(messages_item)

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

        stop: list[int | str] | str | Unset
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
        elif isinstance(self.logit_bias, ChatCompletionRequestLogitBiasType0):
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

        model: None | str | Unset
        if isinstance(self.model, Unset):
            model = UNSET
        else:
            model = self.model

        stream: bool | None | Unset
        if isinstance(self.stream, Unset):
            stream = UNSET
        else:
            stream = self.stream

        stream_options: dict[str, Any] | None | Unset
        if isinstance(self.stream_options, Unset):
            stream_options = UNSET
        elif isinstance(self.stream_options, ChatCompletionStreamOptions):
            stream_options = self.stream_options.to_dict()
        else:
            stream_options = self.stream_options

        response_format: dict[str, Any] | Unset = UNSET
        if not isinstance(self.response_format, Unset):
            response_format = self.response_format.to_dict()

        n = self.n

        best_of: int | None | Unset
        if isinstance(self.best_of, Unset):
            best_of = UNSET
        else:
            best_of = self.best_of

        echo: bool | None | Unset
        if isinstance(self.echo, Unset):
            echo = UNSET
        else:
            echo = self.echo

        suffix: None | str | Unset
        if isinstance(self.suffix, Unset):
            suffix = UNSET
        else:
            suffix = self.suffix

        user: None | str | Unset
        if isinstance(self.user, Unset):
            user = UNSET
        else:
            user = self.user

        prompt_template: None | str | Unset
        if isinstance(self.prompt_template, Unset):
            prompt_template = UNSET
        else:
            prompt_template = self.prompt_template

        add_generation_prompt: bool | None | Unset
        if isinstance(self.add_generation_prompt, Unset):
            add_generation_prompt = UNSET
        else:
            add_generation_prompt = self.add_generation_prompt

        template_vars: dict[str, Any] | Unset = UNSET
        if not isinstance(self.template_vars, Unset):
            template_vars = self.template_vars.to_dict()

        reasoning_effort: None | str | Unset
        if isinstance(self.reasoning_effort, Unset):
            reasoning_effort = UNSET
        else:
            reasoning_effort = self.reasoning_effort

        enable_thinking: bool | None | Unset
        if isinstance(self.enable_thinking, Unset):
            enable_thinking = UNSET
        else:
            enable_thinking = self.enable_thinking

        verbosity: None | str | Unset
        if isinstance(self.verbosity, Unset):
            verbosity = UNSET
        else:
            verbosity = self.verbosity

        reasoning: dict[str, Any] | None | Unset
        if isinstance(self.reasoning, Unset):
            reasoning = UNSET
        elif isinstance(self.reasoning, ReasoningOptions):
            reasoning = self.reasoning.to_dict()
        else:
            reasoning = self.reasoning

        reasoning_budget_tokens: int | None | Unset
        if isinstance(self.reasoning_budget_tokens, Unset):
            reasoning_budget_tokens = UNSET
        else:
            reasoning_budget_tokens = self.reasoning_budget_tokens

        reasoning_budget_message: None | str | Unset
        if isinstance(self.reasoning_budget_message, Unset):
            reasoning_budget_message = UNSET
        else:
            reasoning_budget_message = self.reasoning_budget_message

        response_prefix: None | str | Unset
        if isinstance(self.response_prefix, Unset):
            response_prefix = UNSET
        else:
            response_prefix = self.response_prefix

        continue_final_message: bool | None | Unset
        if isinstance(self.continue_final_message, Unset):
            continue_final_message = UNSET
        else:
            continue_final_message = self.continue_final_message

        tools: list[dict[str, Any]] | None | Unset
        if isinstance(self.tools, Unset):
            tools = UNSET
        elif isinstance(self.tools, list):
            tools = []
            for tools_type_0_item_data in self.tools:
                tools_type_0_item = tools_type_0_item_data.to_dict()
                tools.append(tools_type_0_item)

        else:
            tools = self.tools

        functions: list[dict[str, Any]] | None | Unset
        if isinstance(self.functions, Unset):
            functions = UNSET
        elif isinstance(self.functions, list):
            functions = []
            for functions_type_0_item_data in self.functions:
                functions_type_0_item = functions_type_0_item_data.to_dict()
                functions.append(functions_type_0_item)

        else:
            functions = self.functions

        tool_choice: dict[str, Any] | None | str | Unset
        if isinstance(self.tool_choice, Unset):
            tool_choice = UNSET
        elif isinstance(self.tool_choice, str):
            tool_choice = self.tool_choice
        elif isinstance(self.tool_choice, NamedToolChoice):
            tool_choice = self.tool_choice.to_dict()
        else:
            tool_choice = self.tool_choice

        parallel_tool_calls: bool | None | Unset
        if isinstance(self.parallel_tool_calls, Unset):
            parallel_tool_calls = UNSET
        else:
            parallel_tool_calls = self.parallel_tool_calls

        field_dict: dict[str, Any] = {}
        field_dict.update(self.additional_properties)
        field_dict.update(
            {
                "messages": messages,
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
        if model is not UNSET:
            field_dict["model"] = model
        if stream is not UNSET:
            field_dict["stream"] = stream
        if stream_options is not UNSET:
            field_dict["stream_options"] = stream_options
        if response_format is not UNSET:
            field_dict["response_format"] = response_format
        if n is not UNSET:
            field_dict["n"] = n
        if best_of is not UNSET:
            field_dict["best_of"] = best_of
        if echo is not UNSET:
            field_dict["echo"] = echo
        if suffix is not UNSET:
            field_dict["suffix"] = suffix
        if user is not UNSET:
            field_dict["user"] = user
        if prompt_template is not UNSET:
            field_dict["prompt_template"] = prompt_template
        if add_generation_prompt is not UNSET:
            field_dict["add_generation_prompt"] = add_generation_prompt
        if template_vars is not UNSET:
            field_dict["template_vars"] = template_vars
        if reasoning_effort is not UNSET:
            field_dict["reasoning_effort"] = reasoning_effort
        if enable_thinking is not UNSET:
            field_dict["enable_thinking"] = enable_thinking
        if verbosity is not UNSET:
            field_dict["verbosity"] = verbosity
        if reasoning is not UNSET:
            field_dict["reasoning"] = reasoning
        if reasoning_budget_tokens is not UNSET:
            field_dict["reasoning_budget_tokens"] = reasoning_budget_tokens
        if reasoning_budget_message is not UNSET:
            field_dict["reasoning_budget_message"] = reasoning_budget_message
        if response_prefix is not UNSET:
            field_dict["response_prefix"] = response_prefix
        if continue_final_message is not UNSET:
            field_dict["continue_final_message"] = continue_final_message
        if tools is not UNSET:
            field_dict["tools"] = tools
        if functions is not UNSET:
            field_dict["functions"] = functions
        if tool_choice is not UNSET:
            field_dict["tool_choice"] = tool_choice
        if parallel_tool_calls is not UNSET:
            field_dict["parallel_tool_calls"] = parallel_tool_calls

        return field_dict

    @classmethod
    def from_dict(cls: type[T], src_dict: Mapping[str, Any]) -> T:
        from ..models.chat_completion_message import ChatCompletionMessage  # noqa: PLC0415
        from ..models.chat_completion_request_functions_type_0_item import (
            ChatCompletionRequestFunctionsType0Item,  # noqa: PLC0415
        )
        from ..models.chat_completion_request_logit_bias_type_0 import ChatCompletionRequestLogitBiasType0  # noqa: PLC0415
        from ..models.chat_completion_request_template_vars import ChatCompletionRequestTemplateVars  # noqa: PLC0415
        from ..models.chat_completion_stream_options import ChatCompletionStreamOptions  # noqa: PLC0415
        from ..models.completion_response_format import CompletionResponseFormat  # noqa: PLC0415
        from ..models.named_tool_choice import NamedToolChoice  # noqa: PLC0415
        from ..models.reasoning_options import ReasoningOptions  # noqa: PLC0415
        from ..models.tool_spec import ToolSpec  # noqa: PLC0415

        d = dict(src_dict)
        messages = []
        _messages = d.pop("messages")
        for messages_item_data in _messages:
            messages_item = ChatCompletionMessage.from_dict(messages_item_data)

            messages.append(messages_item)

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

        def _parse_stop(data: object) -> list[int | str] | str | Unset:
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
            return cast(list[int | str] | str | Unset, data)

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

        def _parse_logit_bias(data: object) -> ChatCompletionRequestLogitBiasType0 | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                logit_bias_type_0 = ChatCompletionRequestLogitBiasType0.from_dict(data)

                return logit_bias_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChatCompletionRequestLogitBiasType0 | None | Unset, data)

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

        def _parse_model(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        model = _parse_model(d.pop("model", UNSET))

        def _parse_stream(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        stream = _parse_stream(d.pop("stream", UNSET))

        def _parse_stream_options(data: object) -> ChatCompletionStreamOptions | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                stream_options_type_0 = ChatCompletionStreamOptions.from_dict(data)

                return stream_options_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChatCompletionStreamOptions | None | Unset, data)

        stream_options = _parse_stream_options(d.pop("stream_options", UNSET))

        _response_format = d.pop("response_format", UNSET)
        response_format: CompletionResponseFormat | Unset
        if isinstance(_response_format, Unset):
            response_format = UNSET
        else:
            response_format = CompletionResponseFormat.from_dict(_response_format)

        n = d.pop("n", UNSET)

        def _parse_best_of(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        best_of = _parse_best_of(d.pop("best_of", UNSET))

        def _parse_echo(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        echo = _parse_echo(d.pop("echo", UNSET))

        def _parse_suffix(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        suffix = _parse_suffix(d.pop("suffix", UNSET))

        def _parse_user(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        user = _parse_user(d.pop("user", UNSET))

        def _parse_prompt_template(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        prompt_template = _parse_prompt_template(d.pop("prompt_template", UNSET))

        def _parse_add_generation_prompt(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        add_generation_prompt = _parse_add_generation_prompt(d.pop("add_generation_prompt", UNSET))

        _template_vars = d.pop("template_vars", UNSET)
        template_vars: ChatCompletionRequestTemplateVars | Unset
        if isinstance(_template_vars, Unset):
            template_vars = UNSET
        else:
            template_vars = ChatCompletionRequestTemplateVars.from_dict(_template_vars)

        def _parse_reasoning_effort(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reasoning_effort = _parse_reasoning_effort(d.pop("reasoning_effort", UNSET))

        def _parse_enable_thinking(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        enable_thinking = _parse_enable_thinking(d.pop("enable_thinking", UNSET))

        def _parse_verbosity(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        verbosity = _parse_verbosity(d.pop("verbosity", UNSET))

        def _parse_reasoning(data: object) -> None | ReasoningOptions | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                reasoning_type_0 = ReasoningOptions.from_dict(data)

                return reasoning_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(None | ReasoningOptions | Unset, data)

        reasoning = _parse_reasoning(d.pop("reasoning", UNSET))

        def _parse_reasoning_budget_tokens(data: object) -> int | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(int | None | Unset, data)

        reasoning_budget_tokens = _parse_reasoning_budget_tokens(d.pop("reasoning_budget_tokens", UNSET))

        def _parse_reasoning_budget_message(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        reasoning_budget_message = _parse_reasoning_budget_message(d.pop("reasoning_budget_message", UNSET))

        def _parse_response_prefix(data: object) -> None | str | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(None | str | Unset, data)

        response_prefix = _parse_response_prefix(d.pop("response_prefix", UNSET))

        def _parse_continue_final_message(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        continue_final_message = _parse_continue_final_message(d.pop("continue_final_message", UNSET))

        def _parse_tools(data: object) -> list[ToolSpec] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                tools_type_0 = []
                _tools_type_0 = data
                for tools_type_0_item_data in _tools_type_0:
                    tools_type_0_item = ToolSpec.from_dict(tools_type_0_item_data)

                    tools_type_0.append(tools_type_0_item)

                return tools_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ToolSpec] | None | Unset, data)

        tools = _parse_tools(d.pop("tools", UNSET))

        def _parse_functions(data: object) -> list[ChatCompletionRequestFunctionsType0Item] | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, list):
                    raise TypeError()
                functions_type_0 = []
                _functions_type_0 = data
                for functions_type_0_item_data in _functions_type_0:
                    functions_type_0_item = ChatCompletionRequestFunctionsType0Item.from_dict(
                        functions_type_0_item_data
                    )

                    functions_type_0.append(functions_type_0_item)

                return functions_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(list[ChatCompletionRequestFunctionsType0Item] | None | Unset, data)

        functions = _parse_functions(d.pop("functions", UNSET))

        def _parse_tool_choice(
            data: object,
        ) -> ChatCompletionRequestToolChoiceType0 | NamedToolChoice | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            try:
                if not isinstance(data, str):
                    raise TypeError()
                tool_choice_type_0 = check_chat_completion_request_tool_choice_type_0(data)

                return tool_choice_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                tool_choice_type_1 = NamedToolChoice.from_dict(data)

                return tool_choice_type_1
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            return cast(ChatCompletionRequestToolChoiceType0 | NamedToolChoice | None | Unset, data)

        tool_choice = _parse_tool_choice(d.pop("tool_choice", UNSET))

        def _parse_parallel_tool_calls(data: object) -> bool | None | Unset:
            if data is None:
                return data
            if isinstance(data, Unset):
                return data
            return cast(bool | None | Unset, data)

        parallel_tool_calls = _parse_parallel_tool_calls(d.pop("parallel_tool_calls", UNSET))

        chat_completion_request = cls(
            messages=messages,
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
            model=model,
            stream=stream,
            stream_options=stream_options,
            response_format=response_format,
            n=n,
            best_of=best_of,
            echo=echo,
            suffix=suffix,
            user=user,
            prompt_template=prompt_template,
            add_generation_prompt=add_generation_prompt,
            template_vars=template_vars,
            reasoning_effort=reasoning_effort,
            enable_thinking=enable_thinking,
            verbosity=verbosity,
            reasoning=reasoning,
            reasoning_budget_tokens=reasoning_budget_tokens,
            reasoning_budget_message=reasoning_budget_message,
            response_prefix=response_prefix,
            continue_final_message=continue_final_message,
            tools=tools,
            functions=functions,
            tool_choice=tool_choice,
            parallel_tool_calls=parallel_tool_calls,
        )

        chat_completion_request.additional_properties = d
        return chat_completion_request

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
