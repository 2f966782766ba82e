"""Asynchronous services of `tabby_ext.AsyncTabby` (generated: generator/facade.py)."""

from __future__ import annotations

import functools
from typing import TYPE_CHECKING, Any, cast

from tabby_ext._contract import NOT_GIVEN, Call, CallOptions, Engine, NotGiven, Service

if TYPE_CHECKING:
    from collections.abc import Mapping, Sequence
    from typing import Literal, Unpack

    import httpx

    from tabby_ext._async.streaming import AsyncStream, AsyncTextStream

    from ..models.abort_response import AbortResponse
    from ..models.auth_permission_response import AuthPermissionResponse
    from ..models.chat_completion_response import ChatCompletionResponse
    from ..models.chat_completion_stream_chunk import ChatCompletionStreamChunk
    from ..models.completion_response import CompletionResponse
    from ..models.completion_stream_chunk import CompletionStreamChunk
    from ..models.current_model_response import CurrentModelResponse
    from ..models.download_response import DownloadResponse
    from ..models.embeddings_response import EmbeddingsResponse
    from ..models.generate_response import GenerateResponse
    from ..models.health_check_response import HealthCheckResponse
    from ..models.kobold_extra_version_response import KoboldExtraVersionResponse
    from ..models.kobold_set_soft_prompt_response import KoboldSetSoftPromptResponse
    from ..models.kobold_soft_prompt import KoboldSoftPrompt
    from ..models.kobold_soft_prompt_list import KoboldSoftPromptList
    from ..models.kobold_token_event import KoboldTokenEvent
    from ..models.kobold_version_response import KoboldVersionResponse
    from ..models.lora_list import LoraList
    from ..models.lora_load_response import LoraLoadResponse
    from ..models.max_length_response import MaxLengthResponse
    from ..models.model_card import ModelCard
    from ..models.model_list import ModelList
    from ..models.model_load_response import ModelLoadResponse
    from ..models.model_props_response import ModelPropsResponse
    from ..models.sampler_override_list_response import SamplerOverrideListResponse
    from ..models.service_info_response import ServiceInfoResponse
    from ..models.template_list import TemplateList
    from ..models.token_count_response import TokenCountResponse
    from ..models.token_decode_response import TokenDecodeResponse
    from ..models.token_encode_response import TokenEncodeResponse
    from ..params import (
        ChatCompletionMessageParam,
        ChatCompletionRequestAliases,
        ChatCompletionStreamOptionsParam,
        CompletionRequestAliases,
        CompletionResponseFormatParam,
        DraftModelLoadRequestParam,
        GenerateRequestAliases,
        LoraLoadInfoParam,
        NamedToolChoiceParam,
        NoAliases,
        ReasoningOptionsParam,
        SequenceNotStr,
        TokenEncodeRequestAliases,
        ToolSpecParam,
    )

if TYPE_CHECKING:
    from .async_helpers import AsyncChatHelpers, AsyncCompletionsHelpers
else:  # the helper methods are found by Service.__getattr__
    AsyncChatHelpers = AsyncCompletionsHelpers = Service


class AsyncCompletions(AsyncCompletionsHelpers):
    """TabbyAPI's `completions` operations."""

    __slots__ = ()
    #: Where the helper methods are (imported on first use).
    _helpers = ("tabbyapi_client.facade.async_helpers", "AsyncCompletionsHelpers")

    async def create(
        self,
        prompt: str | Sequence[str],
        *,
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        min_tokens: int | None | NotGiven = NOT_GIVEN,
        stop: str | Sequence[str | int] | None | NotGiven = NOT_GIVEN,
        banned_strings: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        banned_tokens: Sequence[int] | str | None | NotGiven = NOT_GIVEN,
        allowed_tokens: Sequence[int] | str | None | NotGiven = NOT_GIVEN,
        token_healing: bool | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        temperature_last: bool | None | NotGiven = NOT_GIVEN,
        smoothing_factor: float | None | NotGiven = NOT_GIVEN,
        top_k: int | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        top_a: float | None | NotGiven = NOT_GIVEN,
        min_p: float | None | NotGiven = NOT_GIVEN,
        tfs: float | None | NotGiven = NOT_GIVEN,
        typical: float | None | NotGiven = NOT_GIVEN,
        skew: float | None | NotGiven = NOT_GIVEN,
        xtc_probability: float | None | NotGiven = NOT_GIVEN,
        xtc_threshold: float | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        repetition_penalty: float | None | NotGiven = NOT_GIVEN,
        penalty_range: int | None | NotGiven = NOT_GIVEN,
        repetition_decay: int | None | NotGiven = NOT_GIVEN,
        dry_multiplier: float | None | NotGiven = NOT_GIVEN,
        dry_base: float | None | NotGiven = NOT_GIVEN,
        dry_allowed_length: int | None | NotGiven = NOT_GIVEN,
        dry_range: int | None | NotGiven = NOT_GIVEN,
        dry_sequence_breakers: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        mirostat_mode: int | None | NotGiven = NOT_GIVEN,
        mirostat_tau: float | None | NotGiven = NOT_GIVEN,
        mirostat_eta: float | None | NotGiven = NOT_GIVEN,
        add_bos_token: bool | None | NotGiven = NOT_GIVEN,
        ban_eos_token: bool | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, float] | None | NotGiven = NOT_GIVEN,
        json_schema: Any | NotGiven = NOT_GIVEN,
        regex_pattern: str | None | NotGiven = NOT_GIVEN,
        grammar_string: str | None | NotGiven = NOT_GIVEN,
        max_temp: float | None | NotGiven = NOT_GIVEN,
        min_temp: float | None | NotGiven = NOT_GIVEN,
        temp_exponent: float | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        top_logprobs: int | None | NotGiven = NOT_GIVEN,
        adaptive_target: float | None | NotGiven = NOT_GIVEN,
        adaptive_decay: float | None | NotGiven = NOT_GIVEN,
        loop_detect_window: int | None | NotGiven = NOT_GIVEN,
        model: str | None | NotGiven = NOT_GIVEN,
        stream_options: ChatCompletionStreamOptionsParam | None | NotGiven = NOT_GIVEN,
        response_format: CompletionResponseFormatParam | NotGiven = NOT_GIVEN,
        n: int | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[CompletionRequestAliases],
    ) -> CompletionResponse:
        """Generates a completion from a prompt.

        Args:
            max_tokens (int | None, optional): Also accepted as `max_length`, `max_completion_tokens`.
            min_tokens (int | None, optional): Also accepted as `min_length`.
            stop (str | Sequence[str | int] | None, optional): Also accepted as `stop_sequence`.
            banned_strings (str | Sequence[str] | None, optional)
            banned_tokens (Sequence[int] | str | None, optional): Also accepted as `custom_token_bans`.
            allowed_tokens (Sequence[int] | str | None, optional): Also accepted as `allowed_token_ids`.
            token_healing (bool | None, optional)
            temperature (float | None, optional)
            temperature_last (bool | None, optional)
            smoothing_factor (float | None, optional)
            top_k (int | None, optional)
            top_p (float | None, optional)
            top_a (float | None, optional)
            min_p (float | None, optional)
            tfs (float | None, optional)
            typical (float | None, optional): Also accepted as `typical_p`.
            skew (float | None, optional)
            xtc_probability (float | None, optional)
            xtc_threshold (float | None, optional)
            frequency_penalty (float | None, optional)
            presence_penalty (float | None, optional)
            repetition_penalty (float | None, optional): Also accepted as `rep_pen`.
            penalty_range (int | None, optional): Also accepted as `repetition_range`,
                `repetition_penalty_range`, `rep_pen_range`.
            repetition_decay (int | None, optional)
            dry_multiplier (float | None, optional)
            dry_base (float | None, optional)
            dry_allowed_length (int | None, optional)
            dry_range (int | None, optional): Also accepted as `dry_penalty_last_n`.
            dry_sequence_breakers (str | Sequence[str] | None, optional)
            mirostat_mode (int | None, optional): Also accepted as `mirostat`.
            mirostat_tau (float | None, optional)
            mirostat_eta (float | None, optional)
            add_bos_token (bool | None, optional)
            ban_eos_token (bool | None, optional): Also accepted as `ignore_eos`.
            logit_bias (Mapping[str, float] | None, optional)
            json_schema (Any, optional)
            regex_pattern (str | None, optional)
            grammar_string (str | None, optional): Constrain generation with a context-free grammar in
                Lark or llama.cpp GBNF syntax (auto-detected).
            max_temp (float | None, optional): Also accepted as `dynatemp_high`.
            min_temp (float | None, optional): Also accepted as `dynatemp_low`.
            temp_exponent (float | None, optional): Also accepted as `dynatemp_exponent`.
            logprobs (int | None, optional)
            top_logprobs (int | None, optional)
            adaptive_target (float | None, optional)
            adaptive_decay (float | None, optional)
            loop_detect_window (int | None, optional): ExLlamaV3 only. Stops generation when the last N
                tokens are made up of a repeating pattern. Set 0 or null to disable.
            model (str | None, optional)
            stream_options (ChatCompletionStreamOptionsParam | None, optional)
            response_format (CompletionResponseFormatParam, optional)
            n (int, optional)
            best_of (int | None, optional): Not parsed. Only used for OAI compliance.
            echo (bool | None, optional): Not parsed. Only used for OAI compliance. Server default:
                `false`.
            suffix (str | None, optional): Not parsed. Only used for OAI compliance.
            user (str | None, optional): Not parsed. Only used for OAI compliance.
            prompt (str | Sequence[str])
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            CompletionResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "CompletionResponse",
            await self._client._request(
                Call(
                    "POST /v1/completions",
                    "call",
                    {
                        "max_tokens": max_tokens,
                        "min_tokens": min_tokens,
                        "stop": stop,
                        "banned_strings": banned_strings,
                        "banned_tokens": banned_tokens,
                        "allowed_tokens": allowed_tokens,
                        "token_healing": token_healing,
                        "temperature": temperature,
                        "temperature_last": temperature_last,
                        "smoothing_factor": smoothing_factor,
                        "top_k": top_k,
                        "top_p": top_p,
                        "top_a": top_a,
                        "min_p": min_p,
                        "tfs": tfs,
                        "typical": typical,
                        "skew": skew,
                        "xtc_probability": xtc_probability,
                        "xtc_threshold": xtc_threshold,
                        "frequency_penalty": frequency_penalty,
                        "presence_penalty": presence_penalty,
                        "repetition_penalty": repetition_penalty,
                        "penalty_range": penalty_range,
                        "repetition_decay": repetition_decay,
                        "dry_multiplier": dry_multiplier,
                        "dry_base": dry_base,
                        "dry_allowed_length": dry_allowed_length,
                        "dry_range": dry_range,
                        "dry_sequence_breakers": dry_sequence_breakers,
                        "mirostat_mode": mirostat_mode,
                        "mirostat_tau": mirostat_tau,
                        "mirostat_eta": mirostat_eta,
                        "add_bos_token": add_bos_token,
                        "ban_eos_token": ban_eos_token,
                        "logit_bias": logit_bias,
                        "json_schema": json_schema,
                        "regex_pattern": regex_pattern,
                        "grammar_string": grammar_string,
                        "max_temp": max_temp,
                        "min_temp": min_temp,
                        "temp_exponent": temp_exponent,
                        "logprobs": logprobs,
                        "top_logprobs": top_logprobs,
                        "adaptive_target": adaptive_target,
                        "adaptive_decay": adaptive_decay,
                        "loop_detect_window": loop_detect_window,
                        "model": model,
                        "stream_options": stream_options,
                        "response_format": response_format,
                        "n": n,
                        "best_of": best_of,
                        "echo": echo,
                        "suffix": suffix,
                        "user": user,
                        "prompt": prompt,
                    },
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def create_stream(
        self,
        prompt: str | Sequence[str],
        *,
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        min_tokens: int | None | NotGiven = NOT_GIVEN,
        stop: str | Sequence[str | int] | None | NotGiven = NOT_GIVEN,
        banned_strings: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        banned_tokens: Sequence[int] | str | None | NotGiven = NOT_GIVEN,
        allowed_tokens: Sequence[int] | str | None | NotGiven = NOT_GIVEN,
        token_healing: bool | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        temperature_last: bool | None | NotGiven = NOT_GIVEN,
        smoothing_factor: float | None | NotGiven = NOT_GIVEN,
        top_k: int | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        top_a: float | None | NotGiven = NOT_GIVEN,
        min_p: float | None | NotGiven = NOT_GIVEN,
        tfs: float | None | NotGiven = NOT_GIVEN,
        typical: float | None | NotGiven = NOT_GIVEN,
        skew: float | None | NotGiven = NOT_GIVEN,
        xtc_probability: float | None | NotGiven = NOT_GIVEN,
        xtc_threshold: float | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        repetition_penalty: float | None | NotGiven = NOT_GIVEN,
        penalty_range: int | None | NotGiven = NOT_GIVEN,
        repetition_decay: int | None | NotGiven = NOT_GIVEN,
        dry_multiplier: float | None | NotGiven = NOT_GIVEN,
        dry_base: float | None | NotGiven = NOT_GIVEN,
        dry_allowed_length: int | None | NotGiven = NOT_GIVEN,
        dry_range: int | None | NotGiven = NOT_GIVEN,
        dry_sequence_breakers: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        mirostat_mode: int | None | NotGiven = NOT_GIVEN,
        mirostat_tau: float | None | NotGiven = NOT_GIVEN,
        mirostat_eta: float | None | NotGiven = NOT_GIVEN,
        add_bos_token: bool | None | NotGiven = NOT_GIVEN,
        ban_eos_token: bool | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, float] | None | NotGiven = NOT_GIVEN,
        json_schema: Any | NotGiven = NOT_GIVEN,
        regex_pattern: str | None | NotGiven = NOT_GIVEN,
        grammar_string: str | None | NotGiven = NOT_GIVEN,
        max_temp: float | None | NotGiven = NOT_GIVEN,
        min_temp: float | None | NotGiven = NOT_GIVEN,
        temp_exponent: float | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        top_logprobs: int | None | NotGiven = NOT_GIVEN,
        adaptive_target: float | None | NotGiven = NOT_GIVEN,
        adaptive_decay: float | None | NotGiven = NOT_GIVEN,
        loop_detect_window: int | None | NotGiven = NOT_GIVEN,
        model: str | None | NotGiven = NOT_GIVEN,
        stream_options: ChatCompletionStreamOptionsParam | None | NotGiven = NOT_GIVEN,
        response_format: CompletionResponseFormatParam | NotGiven = NOT_GIVEN,
        n: int | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[CompletionRequestAliases],
    ) -> AsyncTextStream[CompletionStreamChunk]:
        """Generates a completion from a prompt.

        Args:
            max_tokens (int | None, optional): Also accepted as `max_length`, `max_completion_tokens`.
            min_tokens (int | None, optional): Also accepted as `min_length`.
            stop (str | Sequence[str | int] | None, optional): Also accepted as `stop_sequence`.
            banned_strings (str | Sequence[str] | None, optional)
            banned_tokens (Sequence[int] | str | None, optional): Also accepted as `custom_token_bans`.
            allowed_tokens (Sequence[int] | str | None, optional): Also accepted as `allowed_token_ids`.
            token_healing (bool | None, optional)
            temperature (float | None, optional)
            temperature_last (bool | None, optional)
            smoothing_factor (float | None, optional)
            top_k (int | None, optional)
            top_p (float | None, optional)
            top_a (float | None, optional)
            min_p (float | None, optional)
            tfs (float | None, optional)
            typical (float | None, optional): Also accepted as `typical_p`.
            skew (float | None, optional)
            xtc_probability (float | None, optional)
            xtc_threshold (float | None, optional)
            frequency_penalty (float | None, optional)
            presence_penalty (float | None, optional)
            repetition_penalty (float | None, optional): Also accepted as `rep_pen`.
            penalty_range (int | None, optional): Also accepted as `repetition_range`,
                `repetition_penalty_range`, `rep_pen_range`.
            repetition_decay (int | None, optional)
            dry_multiplier (float | None, optional)
            dry_base (float | None, optional)
            dry_allowed_length (int | None, optional)
            dry_range (int | None, optional): Also accepted as `dry_penalty_last_n`.
            dry_sequence_breakers (str | Sequence[str] | None, optional)
            mirostat_mode (int | None, optional): Also accepted as `mirostat`.
            mirostat_tau (float | None, optional)
            mirostat_eta (float | None, optional)
            add_bos_token (bool | None, optional)
            ban_eos_token (bool | None, optional): Also accepted as `ignore_eos`.
            logit_bias (Mapping[str, float] | None, optional)
            json_schema (Any, optional)
            regex_pattern (str | None, optional)
            grammar_string (str | None, optional): Constrain generation with a context-free grammar in
                Lark or llama.cpp GBNF syntax (auto-detected).
            max_temp (float | None, optional): Also accepted as `dynatemp_high`.
            min_temp (float | None, optional): Also accepted as `dynatemp_low`.
            temp_exponent (float | None, optional): Also accepted as `dynatemp_exponent`.
            logprobs (int | None, optional)
            top_logprobs (int | None, optional)
            adaptive_target (float | None, optional)
            adaptive_decay (float | None, optional)
            loop_detect_window (int | None, optional): ExLlamaV3 only. Stops generation when the last N
                tokens are made up of a repeating pattern. Set 0 or null to disable.
            model (str | None, optional)
            stream_options (ChatCompletionStreamOptionsParam | None, optional)
            response_format (CompletionResponseFormatParam, optional)
            n (int, optional)
            best_of (int | None, optional): Not parsed. Only used for OAI compliance.
            echo (bool | None, optional): Not parsed. Only used for OAI compliance. Server default:
                `false`.
            suffix (str | None, optional): Not parsed. Only used for OAI compliance.
            user (str | None, optional): Not parsed. Only used for OAI compliance.
            prompt (str | Sequence[str])
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            AsyncTextStream[CompletionStreamChunk]: the events as they arrive; iterate it, close it or
                use it as a context manager (leaving early closes the connection); `.atext()` joins the
                first choice's text, `.atexts()` each choice's.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
            StreamError: while iterating: the server reported an error inside the stream.
            IncompleteStreamError: while iterating: the stream ended before its end marker.
        """
        return cast(
            "AsyncTextStream[CompletionStreamChunk]",
            await self._client._request(
                Call(
                    "POST /v1/completions",
                    "stream",
                    {
                        "max_tokens": max_tokens,
                        "min_tokens": min_tokens,
                        "stop": stop,
                        "banned_strings": banned_strings,
                        "banned_tokens": banned_tokens,
                        "allowed_tokens": allowed_tokens,
                        "token_healing": token_healing,
                        "temperature": temperature,
                        "temperature_last": temperature_last,
                        "smoothing_factor": smoothing_factor,
                        "top_k": top_k,
                        "top_p": top_p,
                        "top_a": top_a,
                        "min_p": min_p,
                        "tfs": tfs,
                        "typical": typical,
                        "skew": skew,
                        "xtc_probability": xtc_probability,
                        "xtc_threshold": xtc_threshold,
                        "frequency_penalty": frequency_penalty,
                        "presence_penalty": presence_penalty,
                        "repetition_penalty": repetition_penalty,
                        "penalty_range": penalty_range,
                        "repetition_decay": repetition_decay,
                        "dry_multiplier": dry_multiplier,
                        "dry_base": dry_base,
                        "dry_allowed_length": dry_allowed_length,
                        "dry_range": dry_range,
                        "dry_sequence_breakers": dry_sequence_breakers,
                        "mirostat_mode": mirostat_mode,
                        "mirostat_tau": mirostat_tau,
                        "mirostat_eta": mirostat_eta,
                        "add_bos_token": add_bos_token,
                        "ban_eos_token": ban_eos_token,
                        "logit_bias": logit_bias,
                        "json_schema": json_schema,
                        "regex_pattern": regex_pattern,
                        "grammar_string": grammar_string,
                        "max_temp": max_temp,
                        "min_temp": min_temp,
                        "temp_exponent": temp_exponent,
                        "logprobs": logprobs,
                        "top_logprobs": top_logprobs,
                        "adaptive_target": adaptive_target,
                        "adaptive_decay": adaptive_decay,
                        "loop_detect_window": loop_detect_window,
                        "model": model,
                        "stream_options": stream_options,
                        "response_format": response_format,
                        "n": n,
                        "best_of": best_of,
                        "echo": echo,
                        "suffix": suffix,
                        "user": user,
                        "prompt": prompt,
                    },
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )


class AsyncChat(AsyncChatHelpers):
    """TabbyAPI's `chat` operations."""

    __slots__ = ()
    #: Where the helper methods are (imported on first use).
    _helpers = ("tabbyapi_client.facade.async_helpers", "AsyncChatHelpers")

    async def create(
        self,
        messages: Sequence[ChatCompletionMessageParam],
        *,
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        min_tokens: int | None | NotGiven = NOT_GIVEN,
        stop: str | Sequence[str | int] | NotGiven = NOT_GIVEN,
        banned_strings: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        banned_tokens: Sequence[int] | str | None | NotGiven = NOT_GIVEN,
        allowed_tokens: Sequence[int] | str | None | NotGiven = NOT_GIVEN,
        token_healing: bool | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        temperature_last: bool | None | NotGiven = NOT_GIVEN,
        smoothing_factor: float | None | NotGiven = NOT_GIVEN,
        top_k: int | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        top_a: float | None | NotGiven = NOT_GIVEN,
        min_p: float | None | NotGiven = NOT_GIVEN,
        tfs: float | None | NotGiven = NOT_GIVEN,
        typical: float | None | NotGiven = NOT_GIVEN,
        skew: float | None | NotGiven = NOT_GIVEN,
        xtc_probability: float | None | NotGiven = NOT_GIVEN,
        xtc_threshold: float | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        repetition_penalty: float | None | NotGiven = NOT_GIVEN,
        penalty_range: int | None | NotGiven = NOT_GIVEN,
        repetition_decay: int | None | NotGiven = NOT_GIVEN,
        dry_multiplier: float | None | NotGiven = NOT_GIVEN,
        dry_base: float | None | NotGiven = NOT_GIVEN,
        dry_allowed_length: int | None | NotGiven = NOT_GIVEN,
        dry_range: int | None | NotGiven = NOT_GIVEN,
        dry_sequence_breakers: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        mirostat_mode: int | None | NotGiven = NOT_GIVEN,
        mirostat_tau: float | None | NotGiven = NOT_GIVEN,
        mirostat_eta: float | None | NotGiven = NOT_GIVEN,
        add_bos_token: bool | None | NotGiven = NOT_GIVEN,
        ban_eos_token: bool | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, float] | None | NotGiven = NOT_GIVEN,
        json_schema: Any | NotGiven = NOT_GIVEN,
        regex_pattern: str | None | NotGiven = NOT_GIVEN,
        grammar_string: str | None | NotGiven = NOT_GIVEN,
        max_temp: float | None | NotGiven = NOT_GIVEN,
        min_temp: float | None | NotGiven = NOT_GIVEN,
        temp_exponent: float | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        top_logprobs: int | None | NotGiven = NOT_GIVEN,
        adaptive_target: float | None | NotGiven = NOT_GIVEN,
        adaptive_decay: float | None | NotGiven = NOT_GIVEN,
        loop_detect_window: int | None | NotGiven = NOT_GIVEN,
        model: str | None | NotGiven = NOT_GIVEN,
        stream_options: ChatCompletionStreamOptionsParam | None | NotGiven = NOT_GIVEN,
        response_format: CompletionResponseFormatParam | NotGiven = NOT_GIVEN,
        n: int | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        prompt_template: str | None | NotGiven = NOT_GIVEN,
        add_generation_prompt: bool | None | NotGiven = NOT_GIVEN,
        template_vars: Mapping[str, Any] | NotGiven = NOT_GIVEN,
        reasoning_effort: str | None | NotGiven = NOT_GIVEN,
        enable_thinking: bool | None | NotGiven = NOT_GIVEN,
        verbosity: str | None | NotGiven = NOT_GIVEN,
        reasoning: ReasoningOptionsParam | None | NotGiven = NOT_GIVEN,
        reasoning_budget_tokens: int | None | NotGiven = NOT_GIVEN,
        reasoning_budget_message: str | None | NotGiven = NOT_GIVEN,
        response_prefix: str | None | NotGiven = NOT_GIVEN,
        continue_final_message: bool | None | NotGiven = NOT_GIVEN,
        tools: Sequence[ToolSpecParam] | None | NotGiven = NOT_GIVEN,
        functions: SequenceNotStr[Mapping[str, Any]] | None | NotGiven = NOT_GIVEN,
        tool_choice: Literal["none", "auto", "required"] | NamedToolChoiceParam | None | NotGiven = NOT_GIVEN,
        parallel_tool_calls: bool | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[ChatCompletionRequestAliases],
    ) -> ChatCompletionResponse:
        """Generates a chat completion from a list of messages.

        Args:
            max_tokens (int | None, optional): Also accepted as `max_length`, `max_completion_tokens`.
            min_tokens (int | None, optional): Also accepted as `min_length`.
            stop (str | Sequence[str | int], optional): Also accepted as `stop_sequence`.
            banned_strings (str | Sequence[str] | None, optional)
            banned_tokens (Sequence[int] | str | None, optional): Also accepted as `custom_token_bans`.
            allowed_tokens (Sequence[int] | str | None, optional): Also accepted as `allowed_token_ids`.
            token_healing (bool | None, optional)
            temperature (float | None, optional)
            temperature_last (bool | None, optional)
            smoothing_factor (float | None, optional)
            top_k (int | None, optional)
            top_p (float | None, optional)
            top_a (float | None, optional)
            min_p (float | None, optional)
            tfs (float | None, optional)
            typical (float | None, optional): Also accepted as `typical_p`.
            skew (float | None, optional)
            xtc_probability (float | None, optional)
            xtc_threshold (float | None, optional)
            frequency_penalty (float | None, optional)
            presence_penalty (float | None, optional)
            repetition_penalty (float | None, optional): Also accepted as `rep_pen`.
            penalty_range (int | None, optional): Also accepted as `repetition_range`,
                `repetition_penalty_range`, `rep_pen_range`.
            repetition_decay (int | None, optional)
            dry_multiplier (float | None, optional)
            dry_base (float | None, optional)
            dry_allowed_length (int | None, optional)
            dry_range (int | None, optional): Also accepted as `dry_penalty_last_n`.
            dry_sequence_breakers (str | Sequence[str] | None, optional)
            mirostat_mode (int | None, optional): Also accepted as `mirostat`.
            mirostat_tau (float | None, optional)
            mirostat_eta (float | None, optional)
            add_bos_token (bool | None, optional)
            ban_eos_token (bool | None, optional): Also accepted as `ignore_eos`.
            logit_bias (Mapping[str, float] | None, optional)
            json_schema (Any, optional)
            regex_pattern (str | None, optional)
            grammar_string (str | None, optional): Constrain generation with a context-free grammar in
                Lark or llama.cpp GBNF syntax (auto-detected).
            max_temp (float | None, optional): Also accepted as `dynatemp_high`.
            min_temp (float | None, optional): Also accepted as `dynatemp_low`.
            temp_exponent (float | None, optional): Also accepted as `dynatemp_exponent`.
            logprobs (int | None, optional)
            top_logprobs (int | None, optional)
            adaptive_target (float | None, optional)
            adaptive_decay (float | None, optional)
            loop_detect_window (int | None, optional): ExLlamaV3 only. Stops generation when the last N
                tokens are made up of a repeating pattern. Set 0 or null to disable.
            model (str | None, optional)
            stream_options (ChatCompletionStreamOptionsParam | None, optional)
            response_format (CompletionResponseFormatParam, optional)
            n (int, optional)
            best_of (int | None, optional): Not parsed. Only used for OAI compliance.
            echo (bool | None, optional): Not parsed. Only used for OAI compliance. Server default:
                `false`.
            suffix (str | None, optional): Not parsed. Only used for OAI compliance.
            user (str | None, optional): Not parsed. Only used for OAI compliance.
            messages (Sequence[ChatCompletionMessageParam])
            prompt_template (str | None, optional)
            add_generation_prompt (bool | None, optional): Server default: `true`.
            template_vars (Mapping[str, Any], optional): Server default: `{}`. Also accepted as
                `chat_template_kwargs`.
            reasoning_effort (str | None, optional): Reasoning effort hint, forwarded to the chat
                template as the reasoning_effort variable. Accepted values depend on the model. An
                explicit reasoning_effort in template_vars takes precedence.
            enable_thinking (bool | None, optional): Reasoning toggle, forwarded to the chat template as
                the enable_thinking variable. An explicit enable_thinking in template_vars takes
                precedence.
            verbosity (str | None, optional): Response verbosity hint, forwarded to the chat template as
                the verbosity variable. An explicit verbosity in template_vars takes precedence.
            reasoning (ReasoningOptionsParam | None, optional): OpenRouter / OpenAI Responses style
                reasoning options. reasoning.effort and reasoning.enabled map to the reasoning_effort
                and enable_thinking template variables; the flat top-level fields take precedence.
                reasoning.max_tokens sets the reasoning token budget, superseded by the flat
                reasoning_budget_tokens field.
            reasoning_budget_tokens (int | None, optional): Token budget for reasoning content: when
                exceeded, the server forces the end of the reasoning phase so the model answers with
                what it has. 0 ends reasoning as soon as it starts; a negative value or None defers to
                the server-side default (unlimited if unset). Requires a model with a configured
                reasoning format. Also accepted as `reasoning_budget`, `thinking_budget`,
                `thinking_token_budget`.
            reasoning_budget_message (str | None, optional): Text injected before the end-of-reasoning
                tokens when the reasoning budget is exhausted (default: none, configurable server-side).
            response_prefix (str | None, optional)
            continue_final_message (bool | None, optional): Server default: `false`.
            tools (Sequence[ToolSpecParam] | None, optional)
            functions (SequenceNotStr[Mapping[str, Any]] | None, optional)
            tool_choice (Literal["none", "auto", "required"] | NamedToolChoiceParam | None, optional)
            parallel_tool_calls (bool | None, optional): Server default: `true`.
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            ChatCompletionResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "ChatCompletionResponse",
            await self._client._request(
                Call(
                    "POST /v1/chat/completions",
                    "call",
                    {
                        "max_tokens": max_tokens,
                        "min_tokens": min_tokens,
                        "stop": stop,
                        "banned_strings": banned_strings,
                        "banned_tokens": banned_tokens,
                        "allowed_tokens": allowed_tokens,
                        "token_healing": token_healing,
                        "temperature": temperature,
                        "temperature_last": temperature_last,
                        "smoothing_factor": smoothing_factor,
                        "top_k": top_k,
                        "top_p": top_p,
                        "top_a": top_a,
                        "min_p": min_p,
                        "tfs": tfs,
                        "typical": typical,
                        "skew": skew,
                        "xtc_probability": xtc_probability,
                        "xtc_threshold": xtc_threshold,
                        "frequency_penalty": frequency_penalty,
                        "presence_penalty": presence_penalty,
                        "repetition_penalty": repetition_penalty,
                        "penalty_range": penalty_range,
                        "repetition_decay": repetition_decay,
                        "dry_multiplier": dry_multiplier,
                        "dry_base": dry_base,
                        "dry_allowed_length": dry_allowed_length,
                        "dry_range": dry_range,
                        "dry_sequence_breakers": dry_sequence_breakers,
                        "mirostat_mode": mirostat_mode,
                        "mirostat_tau": mirostat_tau,
                        "mirostat_eta": mirostat_eta,
                        "add_bos_token": add_bos_token,
                        "ban_eos_token": ban_eos_token,
                        "logit_bias": logit_bias,
                        "json_schema": json_schema,
                        "regex_pattern": regex_pattern,
                        "grammar_string": grammar_string,
                        "max_temp": max_temp,
                        "min_temp": min_temp,
                        "temp_exponent": temp_exponent,
                        "logprobs": logprobs,
                        "top_logprobs": top_logprobs,
                        "adaptive_target": adaptive_target,
                        "adaptive_decay": adaptive_decay,
                        "loop_detect_window": loop_detect_window,
                        "model": model,
                        "stream_options": stream_options,
                        "response_format": response_format,
                        "n": n,
                        "best_of": best_of,
                        "echo": echo,
                        "suffix": suffix,
                        "user": user,
                        "messages": messages,
                        "prompt_template": prompt_template,
                        "add_generation_prompt": add_generation_prompt,
                        "template_vars": template_vars,
                        "reasoning_effort": reasoning_effort,
                        "enable_thinking": enable_thinking,
                        "verbosity": verbosity,
                        "reasoning": reasoning,
                        "reasoning_budget_tokens": reasoning_budget_tokens,
                        "reasoning_budget_message": reasoning_budget_message,
                        "response_prefix": response_prefix,
                        "continue_final_message": continue_final_message,
                        "tools": tools,
                        "functions": functions,
                        "tool_choice": tool_choice,
                        "parallel_tool_calls": parallel_tool_calls,
                    },
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def create_stream(
        self,
        messages: Sequence[ChatCompletionMessageParam],
        *,
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        min_tokens: int | None | NotGiven = NOT_GIVEN,
        stop: str | Sequence[str | int] | NotGiven = NOT_GIVEN,
        banned_strings: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        banned_tokens: Sequence[int] | str | None | NotGiven = NOT_GIVEN,
        allowed_tokens: Sequence[int] | str | None | NotGiven = NOT_GIVEN,
        token_healing: bool | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        temperature_last: bool | None | NotGiven = NOT_GIVEN,
        smoothing_factor: float | None | NotGiven = NOT_GIVEN,
        top_k: int | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        top_a: float | None | NotGiven = NOT_GIVEN,
        min_p: float | None | NotGiven = NOT_GIVEN,
        tfs: float | None | NotGiven = NOT_GIVEN,
        typical: float | None | NotGiven = NOT_GIVEN,
        skew: float | None | NotGiven = NOT_GIVEN,
        xtc_probability: float | None | NotGiven = NOT_GIVEN,
        xtc_threshold: float | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        repetition_penalty: float | None | NotGiven = NOT_GIVEN,
        penalty_range: int | None | NotGiven = NOT_GIVEN,
        repetition_decay: int | None | NotGiven = NOT_GIVEN,
        dry_multiplier: float | None | NotGiven = NOT_GIVEN,
        dry_base: float | None | NotGiven = NOT_GIVEN,
        dry_allowed_length: int | None | NotGiven = NOT_GIVEN,
        dry_range: int | None | NotGiven = NOT_GIVEN,
        dry_sequence_breakers: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        mirostat_mode: int | None | NotGiven = NOT_GIVEN,
        mirostat_tau: float | None | NotGiven = NOT_GIVEN,
        mirostat_eta: float | None | NotGiven = NOT_GIVEN,
        add_bos_token: bool | None | NotGiven = NOT_GIVEN,
        ban_eos_token: bool | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, float] | None | NotGiven = NOT_GIVEN,
        json_schema: Any | NotGiven = NOT_GIVEN,
        regex_pattern: str | None | NotGiven = NOT_GIVEN,
        grammar_string: str | None | NotGiven = NOT_GIVEN,
        max_temp: float | None | NotGiven = NOT_GIVEN,
        min_temp: float | None | NotGiven = NOT_GIVEN,
        temp_exponent: float | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        top_logprobs: int | None | NotGiven = NOT_GIVEN,
        adaptive_target: float | None | NotGiven = NOT_GIVEN,
        adaptive_decay: float | None | NotGiven = NOT_GIVEN,
        loop_detect_window: int | None | NotGiven = NOT_GIVEN,
        model: str | None | NotGiven = NOT_GIVEN,
        stream_options: ChatCompletionStreamOptionsParam | None | NotGiven = NOT_GIVEN,
        response_format: CompletionResponseFormatParam | NotGiven = NOT_GIVEN,
        n: int | NotGiven = NOT_GIVEN,
        best_of: int | None | NotGiven = NOT_GIVEN,
        echo: bool | None | NotGiven = NOT_GIVEN,
        suffix: str | None | NotGiven = NOT_GIVEN,
        user: str | None | NotGiven = NOT_GIVEN,
        prompt_template: str | None | NotGiven = NOT_GIVEN,
        add_generation_prompt: bool | None | NotGiven = NOT_GIVEN,
        template_vars: Mapping[str, Any] | NotGiven = NOT_GIVEN,
        reasoning_effort: str | None | NotGiven = NOT_GIVEN,
        enable_thinking: bool | None | NotGiven = NOT_GIVEN,
        verbosity: str | None | NotGiven = NOT_GIVEN,
        reasoning: ReasoningOptionsParam | None | NotGiven = NOT_GIVEN,
        reasoning_budget_tokens: int | None | NotGiven = NOT_GIVEN,
        reasoning_budget_message: str | None | NotGiven = NOT_GIVEN,
        response_prefix: str | None | NotGiven = NOT_GIVEN,
        continue_final_message: bool | None | NotGiven = NOT_GIVEN,
        tools: Sequence[ToolSpecParam] | None | NotGiven = NOT_GIVEN,
        functions: SequenceNotStr[Mapping[str, Any]] | None | NotGiven = NOT_GIVEN,
        tool_choice: Literal["none", "auto", "required"] | NamedToolChoiceParam | None | NotGiven = NOT_GIVEN,
        parallel_tool_calls: bool | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[ChatCompletionRequestAliases],
    ) -> AsyncTextStream[ChatCompletionStreamChunk]:
        """Generates a chat completion from a list of messages.

        Args:
            max_tokens (int | None, optional): Also accepted as `max_length`, `max_completion_tokens`.
            min_tokens (int | None, optional): Also accepted as `min_length`.
            stop (str | Sequence[str | int], optional): Also accepted as `stop_sequence`.
            banned_strings (str | Sequence[str] | None, optional)
            banned_tokens (Sequence[int] | str | None, optional): Also accepted as `custom_token_bans`.
            allowed_tokens (Sequence[int] | str | None, optional): Also accepted as `allowed_token_ids`.
            token_healing (bool | None, optional)
            temperature (float | None, optional)
            temperature_last (bool | None, optional)
            smoothing_factor (float | None, optional)
            top_k (int | None, optional)
            top_p (float | None, optional)
            top_a (float | None, optional)
            min_p (float | None, optional)
            tfs (float | None, optional)
            typical (float | None, optional): Also accepted as `typical_p`.
            skew (float | None, optional)
            xtc_probability (float | None, optional)
            xtc_threshold (float | None, optional)
            frequency_penalty (float | None, optional)
            presence_penalty (float | None, optional)
            repetition_penalty (float | None, optional): Also accepted as `rep_pen`.
            penalty_range (int | None, optional): Also accepted as `repetition_range`,
                `repetition_penalty_range`, `rep_pen_range`.
            repetition_decay (int | None, optional)
            dry_multiplier (float | None, optional)
            dry_base (float | None, optional)
            dry_allowed_length (int | None, optional)
            dry_range (int | None, optional): Also accepted as `dry_penalty_last_n`.
            dry_sequence_breakers (str | Sequence[str] | None, optional)
            mirostat_mode (int | None, optional): Also accepted as `mirostat`.
            mirostat_tau (float | None, optional)
            mirostat_eta (float | None, optional)
            add_bos_token (bool | None, optional)
            ban_eos_token (bool | None, optional): Also accepted as `ignore_eos`.
            logit_bias (Mapping[str, float] | None, optional)
            json_schema (Any, optional)
            regex_pattern (str | None, optional)
            grammar_string (str | None, optional): Constrain generation with a context-free grammar in
                Lark or llama.cpp GBNF syntax (auto-detected).
            max_temp (float | None, optional): Also accepted as `dynatemp_high`.
            min_temp (float | None, optional): Also accepted as `dynatemp_low`.
            temp_exponent (float | None, optional): Also accepted as `dynatemp_exponent`.
            logprobs (int | None, optional)
            top_logprobs (int | None, optional)
            adaptive_target (float | None, optional)
            adaptive_decay (float | None, optional)
            loop_detect_window (int | None, optional): ExLlamaV3 only. Stops generation when the last N
                tokens are made up of a repeating pattern. Set 0 or null to disable.
            model (str | None, optional)
            stream_options (ChatCompletionStreamOptionsParam | None, optional)
            response_format (CompletionResponseFormatParam, optional)
            n (int, optional)
            best_of (int | None, optional): Not parsed. Only used for OAI compliance.
            echo (bool | None, optional): Not parsed. Only used for OAI compliance. Server default:
                `false`.
            suffix (str | None, optional): Not parsed. Only used for OAI compliance.
            user (str | None, optional): Not parsed. Only used for OAI compliance.
            messages (Sequence[ChatCompletionMessageParam])
            prompt_template (str | None, optional)
            add_generation_prompt (bool | None, optional): Server default: `true`.
            template_vars (Mapping[str, Any], optional): Server default: `{}`. Also accepted as
                `chat_template_kwargs`.
            reasoning_effort (str | None, optional): Reasoning effort hint, forwarded to the chat
                template as the reasoning_effort variable. Accepted values depend on the model. An
                explicit reasoning_effort in template_vars takes precedence.
            enable_thinking (bool | None, optional): Reasoning toggle, forwarded to the chat template as
                the enable_thinking variable. An explicit enable_thinking in template_vars takes
                precedence.
            verbosity (str | None, optional): Response verbosity hint, forwarded to the chat template as
                the verbosity variable. An explicit verbosity in template_vars takes precedence.
            reasoning (ReasoningOptionsParam | None, optional): OpenRouter / OpenAI Responses style
                reasoning options. reasoning.effort and reasoning.enabled map to the reasoning_effort
                and enable_thinking template variables; the flat top-level fields take precedence.
                reasoning.max_tokens sets the reasoning token budget, superseded by the flat
                reasoning_budget_tokens field.
            reasoning_budget_tokens (int | None, optional): Token budget for reasoning content: when
                exceeded, the server forces the end of the reasoning phase so the model answers with
                what it has. 0 ends reasoning as soon as it starts; a negative value or None defers to
                the server-side default (unlimited if unset). Requires a model with a configured
                reasoning format. Also accepted as `reasoning_budget`, `thinking_budget`,
                `thinking_token_budget`.
            reasoning_budget_message (str | None, optional): Text injected before the end-of-reasoning
                tokens when the reasoning budget is exhausted (default: none, configurable server-side).
            response_prefix (str | None, optional)
            continue_final_message (bool | None, optional): Server default: `false`.
            tools (Sequence[ToolSpecParam] | None, optional)
            functions (SequenceNotStr[Mapping[str, Any]] | None, optional)
            tool_choice (Literal["none", "auto", "required"] | NamedToolChoiceParam | None, optional)
            parallel_tool_calls (bool | None, optional): Server default: `true`.
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            AsyncTextStream[ChatCompletionStreamChunk]: the events as they arrive; iterate it, close it
                or use it as a context manager (leaving early closes the connection); `.atext()` joins
                the first choice's text, `.atexts()` each choice's.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
            StreamError: while iterating: the server reported an error inside the stream.
            IncompleteStreamError: while iterating: the stream ended before its end marker.
        """
        return cast(
            "AsyncTextStream[ChatCompletionStreamChunk]",
            await self._client._request(
                Call(
                    "POST /v1/chat/completions",
                    "stream",
                    {
                        "max_tokens": max_tokens,
                        "min_tokens": min_tokens,
                        "stop": stop,
                        "banned_strings": banned_strings,
                        "banned_tokens": banned_tokens,
                        "allowed_tokens": allowed_tokens,
                        "token_healing": token_healing,
                        "temperature": temperature,
                        "temperature_last": temperature_last,
                        "smoothing_factor": smoothing_factor,
                        "top_k": top_k,
                        "top_p": top_p,
                        "top_a": top_a,
                        "min_p": min_p,
                        "tfs": tfs,
                        "typical": typical,
                        "skew": skew,
                        "xtc_probability": xtc_probability,
                        "xtc_threshold": xtc_threshold,
                        "frequency_penalty": frequency_penalty,
                        "presence_penalty": presence_penalty,
                        "repetition_penalty": repetition_penalty,
                        "penalty_range": penalty_range,
                        "repetition_decay": repetition_decay,
                        "dry_multiplier": dry_multiplier,
                        "dry_base": dry_base,
                        "dry_allowed_length": dry_allowed_length,
                        "dry_range": dry_range,
                        "dry_sequence_breakers": dry_sequence_breakers,
                        "mirostat_mode": mirostat_mode,
                        "mirostat_tau": mirostat_tau,
                        "mirostat_eta": mirostat_eta,
                        "add_bos_token": add_bos_token,
                        "ban_eos_token": ban_eos_token,
                        "logit_bias": logit_bias,
                        "json_schema": json_schema,
                        "regex_pattern": regex_pattern,
                        "grammar_string": grammar_string,
                        "max_temp": max_temp,
                        "min_temp": min_temp,
                        "temp_exponent": temp_exponent,
                        "logprobs": logprobs,
                        "top_logprobs": top_logprobs,
                        "adaptive_target": adaptive_target,
                        "adaptive_decay": adaptive_decay,
                        "loop_detect_window": loop_detect_window,
                        "model": model,
                        "stream_options": stream_options,
                        "response_format": response_format,
                        "n": n,
                        "best_of": best_of,
                        "echo": echo,
                        "suffix": suffix,
                        "user": user,
                        "messages": messages,
                        "prompt_template": prompt_template,
                        "add_generation_prompt": add_generation_prompt,
                        "template_vars": template_vars,
                        "reasoning_effort": reasoning_effort,
                        "enable_thinking": enable_thinking,
                        "verbosity": verbosity,
                        "reasoning": reasoning,
                        "reasoning_budget_tokens": reasoning_budget_tokens,
                        "reasoning_budget_message": reasoning_budget_message,
                        "response_prefix": response_prefix,
                        "continue_final_message": continue_final_message,
                        "tools": tools,
                        "functions": functions,
                        "tool_choice": tool_choice,
                        "parallel_tool_calls": parallel_tool_calls,
                    },
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )


class AsyncEmbeddings(Service):
    """TabbyAPI's `embeddings` operations."""

    __slots__ = ()

    async def create(
        self,
        input: str | Sequence[str],
        *,
        encoding_format: str | NotGiven = NOT_GIVEN,
        model: str | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> EmbeddingsResponse:
        """Embeddings

        Args:
            input (str | Sequence[str]): List of input texts to generate embeddings for.
            encoding_format (str, optional): Encoding format for the embeddings. Can be 'float' or
                'base64'. Server default: `"float"`.
            model (str | None, optional): Name of the embedding model to use. If not provided, the
                default model will be used.
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            EmbeddingsResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "EmbeddingsResponse",
            await self._client._request(
                Call(
                    "POST /v1/embeddings",
                    "call",
                    {"input": input, "encoding_format": encoding_format, "model": model},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )


class AsyncKobold(Service):
    """TabbyAPI's `kobold` operations."""

    __slots__ = ()

    async def generate(
        self,
        prompt: str,
        *,
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        min_tokens: int | None | NotGiven = NOT_GIVEN,
        stop: str | Sequence[str | int] | None | NotGiven = NOT_GIVEN,
        banned_strings: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        banned_tokens: Sequence[int] | str | None | NotGiven = NOT_GIVEN,
        allowed_tokens: Sequence[int] | str | None | NotGiven = NOT_GIVEN,
        token_healing: bool | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        temperature_last: bool | None | NotGiven = NOT_GIVEN,
        smoothing_factor: float | None | NotGiven = NOT_GIVEN,
        top_k: int | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        top_a: float | None | NotGiven = NOT_GIVEN,
        min_p: float | None | NotGiven = NOT_GIVEN,
        tfs: float | None | NotGiven = NOT_GIVEN,
        typical: float | None | NotGiven = NOT_GIVEN,
        skew: float | None | NotGiven = NOT_GIVEN,
        xtc_probability: float | None | NotGiven = NOT_GIVEN,
        xtc_threshold: float | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        repetition_penalty: float | None | NotGiven = NOT_GIVEN,
        penalty_range: int | None | NotGiven = NOT_GIVEN,
        repetition_decay: int | None | NotGiven = NOT_GIVEN,
        dry_multiplier: float | None | NotGiven = NOT_GIVEN,
        dry_base: float | None | NotGiven = NOT_GIVEN,
        dry_allowed_length: int | None | NotGiven = NOT_GIVEN,
        dry_range: int | None | NotGiven = NOT_GIVEN,
        dry_sequence_breakers: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        mirostat_mode: int | None | NotGiven = NOT_GIVEN,
        mirostat_tau: float | None | NotGiven = NOT_GIVEN,
        mirostat_eta: float | None | NotGiven = NOT_GIVEN,
        add_bos_token: bool | None | NotGiven = NOT_GIVEN,
        ban_eos_token: bool | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, float] | None | NotGiven = NOT_GIVEN,
        json_schema: Any | NotGiven = NOT_GIVEN,
        regex_pattern: str | None | NotGiven = NOT_GIVEN,
        grammar_string: str | None | NotGiven = NOT_GIVEN,
        max_temp: float | None | NotGiven = NOT_GIVEN,
        min_temp: float | None | NotGiven = NOT_GIVEN,
        temp_exponent: float | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        top_logprobs: int | None | NotGiven = NOT_GIVEN,
        adaptive_target: float | None | NotGiven = NOT_GIVEN,
        adaptive_decay: float | None | NotGiven = NOT_GIVEN,
        loop_detect_window: int | None | NotGiven = NOT_GIVEN,
        genkey: str | None | NotGiven = NOT_GIVEN,
        use_default_badwordsids: bool | None | NotGiven = NOT_GIVEN,
        dynatemp_range: float | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[GenerateRequestAliases],
    ) -> GenerateResponse:
        """Generate

        Args:
            max_tokens (int | None, optional): Also accepted as `max_length`, `max_completion_tokens`.
            min_tokens (int | None, optional): Also accepted as `min_length`.
            stop (str | Sequence[str | int] | None, optional): Also accepted as `stop_sequence`.
            banned_strings (str | Sequence[str] | None, optional)
            banned_tokens (Sequence[int] | str | None, optional): Also accepted as `custom_token_bans`.
            allowed_tokens (Sequence[int] | str | None, optional): Also accepted as `allowed_token_ids`.
            token_healing (bool | None, optional)
            temperature (float | None, optional)
            temperature_last (bool | None, optional)
            smoothing_factor (float | None, optional)
            top_k (int | None, optional)
            top_p (float | None, optional)
            top_a (float | None, optional)
            min_p (float | None, optional)
            tfs (float | None, optional)
            typical (float | None, optional): Also accepted as `typical_p`.
            skew (float | None, optional)
            xtc_probability (float | None, optional)
            xtc_threshold (float | None, optional)
            frequency_penalty (float | None, optional)
            presence_penalty (float | None, optional)
            repetition_penalty (float | None, optional): Also accepted as `rep_pen`.
            penalty_range (int | None, optional): Also accepted as `repetition_range`,
                `repetition_penalty_range`, `rep_pen_range`.
            repetition_decay (int | None, optional)
            dry_multiplier (float | None, optional)
            dry_base (float | None, optional)
            dry_allowed_length (int | None, optional)
            dry_range (int | None, optional): Also accepted as `dry_penalty_last_n`.
            dry_sequence_breakers (str | Sequence[str] | None, optional)
            mirostat_mode (int | None, optional): Also accepted as `mirostat`.
            mirostat_tau (float | None, optional)
            mirostat_eta (float | None, optional)
            add_bos_token (bool | None, optional)
            ban_eos_token (bool | None, optional): Also accepted as `ignore_eos`.
            logit_bias (Mapping[str, float] | None, optional)
            json_schema (Any, optional)
            regex_pattern (str | None, optional)
            grammar_string (str | None, optional): Constrain generation with a context-free grammar in
                Lark or llama.cpp GBNF syntax (auto-detected).
            max_temp (float | None, optional): Also accepted as `dynatemp_high`.
            min_temp (float | None, optional): Also accepted as `dynatemp_low`.
            temp_exponent (float | None, optional): Also accepted as `dynatemp_exponent`.
            logprobs (int | None, optional)
            top_logprobs (int | None, optional)
            adaptive_target (float | None, optional)
            adaptive_decay (float | None, optional)
            loop_detect_window (int | None, optional): ExLlamaV3 only. Stops generation when the last N
                tokens are made up of a repeating pattern. Set 0 or null to disable.
            prompt (str)
            genkey (str | None, optional)
            use_default_badwordsids (bool | None, optional): Server default: `false`.
            dynatemp_range (float, optional)
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            GenerateResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "GenerateResponse",
            await self._client._request(
                Call(
                    "POST /api/v1/generate",
                    "call",
                    {
                        "max_tokens": max_tokens,
                        "min_tokens": min_tokens,
                        "stop": stop,
                        "banned_strings": banned_strings,
                        "banned_tokens": banned_tokens,
                        "allowed_tokens": allowed_tokens,
                        "token_healing": token_healing,
                        "temperature": temperature,
                        "temperature_last": temperature_last,
                        "smoothing_factor": smoothing_factor,
                        "top_k": top_k,
                        "top_p": top_p,
                        "top_a": top_a,
                        "min_p": min_p,
                        "tfs": tfs,
                        "typical": typical,
                        "skew": skew,
                        "xtc_probability": xtc_probability,
                        "xtc_threshold": xtc_threshold,
                        "frequency_penalty": frequency_penalty,
                        "presence_penalty": presence_penalty,
                        "repetition_penalty": repetition_penalty,
                        "penalty_range": penalty_range,
                        "repetition_decay": repetition_decay,
                        "dry_multiplier": dry_multiplier,
                        "dry_base": dry_base,
                        "dry_allowed_length": dry_allowed_length,
                        "dry_range": dry_range,
                        "dry_sequence_breakers": dry_sequence_breakers,
                        "mirostat_mode": mirostat_mode,
                        "mirostat_tau": mirostat_tau,
                        "mirostat_eta": mirostat_eta,
                        "add_bos_token": add_bos_token,
                        "ban_eos_token": ban_eos_token,
                        "logit_bias": logit_bias,
                        "json_schema": json_schema,
                        "regex_pattern": regex_pattern,
                        "grammar_string": grammar_string,
                        "max_temp": max_temp,
                        "min_temp": min_temp,
                        "temp_exponent": temp_exponent,
                        "logprobs": logprobs,
                        "top_logprobs": top_logprobs,
                        "adaptive_target": adaptive_target,
                        "adaptive_decay": adaptive_decay,
                        "loop_detect_window": loop_detect_window,
                        "prompt": prompt,
                        "genkey": genkey,
                        "use_default_badwordsids": use_default_badwordsids,
                        "dynatemp_range": dynatemp_range,
                    },
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def current_model(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> CurrentModelResponse:
        """Fetches the current model and who owns it.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            CurrentModelResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "CurrentModelResponse",
            await self._client._request(
                Call(
                    "GET /api/v1/model",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def max_context_length(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> MaxLengthResponse:
        """Fetches the max length of the model.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            MaxLengthResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "MaxLengthResponse",
            await self._client._request(
                Call(
                    "GET /api/v1/config/max_context_length",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def max_length(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> MaxLengthResponse:
        """Fetches the max length of the model.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            MaxLengthResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "MaxLengthResponse",
            await self._client._request(
                Call(
                    "GET /api/v1/config/max_length",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def version(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> KoboldVersionResponse:
        """Impersonate KAI United.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            KoboldVersionResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "KoboldVersionResponse",
            await self._client._request(
                Call(
                    "GET /api/v1/info/version",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def list_soft_prompts(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> KoboldSoftPromptList:
        """Used for KAI compliance.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            KoboldSoftPromptList: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "KoboldSoftPromptList",
            await self._client._request(
                Call(
                    "GET /api/v1/config/soft_prompts_list",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def get_soft_prompt(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> KoboldSoftPrompt:
        """Used for KAI compliance.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            KoboldSoftPrompt: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "KoboldSoftPrompt",
            await self._client._request(
                Call(
                    "GET /api/v1/config/soft_prompt",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def set_soft_prompt(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> KoboldSetSoftPromptResponse:
        """Used for KAI compliance.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            KoboldSetSoftPromptResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "KoboldSetSoftPromptResponse",
            await self._client._request(
                Call(
                    "PUT /api/v1/config/soft_prompt",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def generate_stream(
        self,
        prompt: str,
        *,
        max_tokens: int | None | NotGiven = NOT_GIVEN,
        min_tokens: int | None | NotGiven = NOT_GIVEN,
        stop: str | Sequence[str | int] | None | NotGiven = NOT_GIVEN,
        banned_strings: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        banned_tokens: Sequence[int] | str | None | NotGiven = NOT_GIVEN,
        allowed_tokens: Sequence[int] | str | None | NotGiven = NOT_GIVEN,
        token_healing: bool | None | NotGiven = NOT_GIVEN,
        temperature: float | None | NotGiven = NOT_GIVEN,
        temperature_last: bool | None | NotGiven = NOT_GIVEN,
        smoothing_factor: float | None | NotGiven = NOT_GIVEN,
        top_k: int | None | NotGiven = NOT_GIVEN,
        top_p: float | None | NotGiven = NOT_GIVEN,
        top_a: float | None | NotGiven = NOT_GIVEN,
        min_p: float | None | NotGiven = NOT_GIVEN,
        tfs: float | None | NotGiven = NOT_GIVEN,
        typical: float | None | NotGiven = NOT_GIVEN,
        skew: float | None | NotGiven = NOT_GIVEN,
        xtc_probability: float | None | NotGiven = NOT_GIVEN,
        xtc_threshold: float | None | NotGiven = NOT_GIVEN,
        frequency_penalty: float | None | NotGiven = NOT_GIVEN,
        presence_penalty: float | None | NotGiven = NOT_GIVEN,
        repetition_penalty: float | None | NotGiven = NOT_GIVEN,
        penalty_range: int | None | NotGiven = NOT_GIVEN,
        repetition_decay: int | None | NotGiven = NOT_GIVEN,
        dry_multiplier: float | None | NotGiven = NOT_GIVEN,
        dry_base: float | None | NotGiven = NOT_GIVEN,
        dry_allowed_length: int | None | NotGiven = NOT_GIVEN,
        dry_range: int | None | NotGiven = NOT_GIVEN,
        dry_sequence_breakers: str | Sequence[str] | None | NotGiven = NOT_GIVEN,
        mirostat_mode: int | None | NotGiven = NOT_GIVEN,
        mirostat_tau: float | None | NotGiven = NOT_GIVEN,
        mirostat_eta: float | None | NotGiven = NOT_GIVEN,
        add_bos_token: bool | None | NotGiven = NOT_GIVEN,
        ban_eos_token: bool | None | NotGiven = NOT_GIVEN,
        logit_bias: Mapping[str, float] | None | NotGiven = NOT_GIVEN,
        json_schema: Any | NotGiven = NOT_GIVEN,
        regex_pattern: str | None | NotGiven = NOT_GIVEN,
        grammar_string: str | None | NotGiven = NOT_GIVEN,
        max_temp: float | None | NotGiven = NOT_GIVEN,
        min_temp: float | None | NotGiven = NOT_GIVEN,
        temp_exponent: float | None | NotGiven = NOT_GIVEN,
        logprobs: int | None | NotGiven = NOT_GIVEN,
        top_logprobs: int | None | NotGiven = NOT_GIVEN,
        adaptive_target: float | None | NotGiven = NOT_GIVEN,
        adaptive_decay: float | None | NotGiven = NOT_GIVEN,
        loop_detect_window: int | None | NotGiven = NOT_GIVEN,
        genkey: str | None | NotGiven = NOT_GIVEN,
        use_default_badwordsids: bool | None | NotGiven = NOT_GIVEN,
        dynatemp_range: float | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[GenerateRequestAliases],
    ) -> AsyncTextStream[KoboldTokenEvent]:
        """Generate Stream

        Args:
            max_tokens (int | None, optional): Also accepted as `max_length`, `max_completion_tokens`.
            min_tokens (int | None, optional): Also accepted as `min_length`.
            stop (str | Sequence[str | int] | None, optional): Also accepted as `stop_sequence`.
            banned_strings (str | Sequence[str] | None, optional)
            banned_tokens (Sequence[int] | str | None, optional): Also accepted as `custom_token_bans`.
            allowed_tokens (Sequence[int] | str | None, optional): Also accepted as `allowed_token_ids`.
            token_healing (bool | None, optional)
            temperature (float | None, optional)
            temperature_last (bool | None, optional)
            smoothing_factor (float | None, optional)
            top_k (int | None, optional)
            top_p (float | None, optional)
            top_a (float | None, optional)
            min_p (float | None, optional)
            tfs (float | None, optional)
            typical (float | None, optional): Also accepted as `typical_p`.
            skew (float | None, optional)
            xtc_probability (float | None, optional)
            xtc_threshold (float | None, optional)
            frequency_penalty (float | None, optional)
            presence_penalty (float | None, optional)
            repetition_penalty (float | None, optional): Also accepted as `rep_pen`.
            penalty_range (int | None, optional): Also accepted as `repetition_range`,
                `repetition_penalty_range`, `rep_pen_range`.
            repetition_decay (int | None, optional)
            dry_multiplier (float | None, optional)
            dry_base (float | None, optional)
            dry_allowed_length (int | None, optional)
            dry_range (int | None, optional): Also accepted as `dry_penalty_last_n`.
            dry_sequence_breakers (str | Sequence[str] | None, optional)
            mirostat_mode (int | None, optional): Also accepted as `mirostat`.
            mirostat_tau (float | None, optional)
            mirostat_eta (float | None, optional)
            add_bos_token (bool | None, optional)
            ban_eos_token (bool | None, optional): Also accepted as `ignore_eos`.
            logit_bias (Mapping[str, float] | None, optional)
            json_schema (Any, optional)
            regex_pattern (str | None, optional)
            grammar_string (str | None, optional): Constrain generation with a context-free grammar in
                Lark or llama.cpp GBNF syntax (auto-detected).
            max_temp (float | None, optional): Also accepted as `dynatemp_high`.
            min_temp (float | None, optional): Also accepted as `dynatemp_low`.
            temp_exponent (float | None, optional): Also accepted as `dynatemp_exponent`.
            logprobs (int | None, optional)
            top_logprobs (int | None, optional)
            adaptive_target (float | None, optional)
            adaptive_decay (float | None, optional)
            loop_detect_window (int | None, optional): ExLlamaV3 only. Stops generation when the last N
                tokens are made up of a repeating pattern. Set 0 or null to disable.
            prompt (str)
            genkey (str | None, optional)
            use_default_badwordsids (bool | None, optional): Server default: `false`.
            dynatemp_range (float, optional)
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            AsyncTextStream[KoboldTokenEvent]: the events as they arrive; iterate it, close it or use it
                as a context manager (leaving early closes the connection); `.atext()` joins the first
                choice's text, `.atexts()` each choice's.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
            StreamError: while iterating: the server reported an error inside the stream.
            IncompleteStreamError: while iterating: the stream ended before its end marker.
        """
        return cast(
            "AsyncTextStream[KoboldTokenEvent]",
            await self._client._request(
                Call(
                    "POST /api/extra/generate/stream",
                    "stream",
                    {
                        "max_tokens": max_tokens,
                        "min_tokens": min_tokens,
                        "stop": stop,
                        "banned_strings": banned_strings,
                        "banned_tokens": banned_tokens,
                        "allowed_tokens": allowed_tokens,
                        "token_healing": token_healing,
                        "temperature": temperature,
                        "temperature_last": temperature_last,
                        "smoothing_factor": smoothing_factor,
                        "top_k": top_k,
                        "top_p": top_p,
                        "top_a": top_a,
                        "min_p": min_p,
                        "tfs": tfs,
                        "typical": typical,
                        "skew": skew,
                        "xtc_probability": xtc_probability,
                        "xtc_threshold": xtc_threshold,
                        "frequency_penalty": frequency_penalty,
                        "presence_penalty": presence_penalty,
                        "repetition_penalty": repetition_penalty,
                        "penalty_range": penalty_range,
                        "repetition_decay": repetition_decay,
                        "dry_multiplier": dry_multiplier,
                        "dry_base": dry_base,
                        "dry_allowed_length": dry_allowed_length,
                        "dry_range": dry_range,
                        "dry_sequence_breakers": dry_sequence_breakers,
                        "mirostat_mode": mirostat_mode,
                        "mirostat_tau": mirostat_tau,
                        "mirostat_eta": mirostat_eta,
                        "add_bos_token": add_bos_token,
                        "ban_eos_token": ban_eos_token,
                        "logit_bias": logit_bias,
                        "json_schema": json_schema,
                        "regex_pattern": regex_pattern,
                        "grammar_string": grammar_string,
                        "max_temp": max_temp,
                        "min_temp": min_temp,
                        "temp_exponent": temp_exponent,
                        "logprobs": logprobs,
                        "top_logprobs": top_logprobs,
                        "adaptive_target": adaptive_target,
                        "adaptive_decay": adaptive_decay,
                        "loop_detect_window": loop_detect_window,
                        "prompt": prompt,
                        "genkey": genkey,
                        "use_default_badwordsids": use_default_badwordsids,
                        "dynatemp_range": dynatemp_range,
                    },
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def abort(
        self,
        genkey: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> AbortResponse:
        """Abort Generate

        Args:
            genkey (str)
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            AbortResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "AbortResponse",
            await self._client._request(
                Call(
                    "POST /api/extra/abort",
                    "call",
                    {"genkey": genkey},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def check(
        self,
        genkey: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> GenerateResponse:
        """Check Generate

        Args:
            genkey (str)
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            GenerateResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "GenerateResponse",
            await self._client._request(
                Call(
                    "POST /api/extra/generate/check",
                    "call",
                    {"genkey": genkey},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def token_count(
        self,
        prompt: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> TokenCountResponse:
        """Get Tokencount

        Args:
            prompt (str)
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            TokenCountResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "TokenCountResponse",
            await self._client._request(
                Call(
                    "POST /api/extra/tokencount",
                    "call",
                    {"prompt": prompt},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def true_max_context_length(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> MaxLengthResponse:
        """Fetches the max length of the model.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            MaxLengthResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "MaxLengthResponse",
            await self._client._request(
                Call(
                    "GET /api/extra/true_max_context_length",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def extra_version(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> KoboldExtraVersionResponse:
        """Impersonate Koboldcpp.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            KoboldExtraVersionResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "KoboldExtraVersionResponse",
            await self._client._request(
                Call(
                    "GET /api/extra/version",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )


class AsyncHealth(Service):
    """TabbyAPI's `health` operations."""

    __slots__ = ()

    async def check(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> HealthCheckResponse:
        """Get the current service health status

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            HealthCheckResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "HealthCheckResponse",
            await self._client._request(
                Call(
                    "GET /health",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )


class AsyncServiceInfo(Service):
    """TabbyAPI's `service_info` operations."""

    __slots__ = ()

    async def get(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> ServiceInfoResponse:
        """Service Info

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            ServiceInfoResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "ServiceInfoResponse",
            await self._client._request(
                Call(
                    "GET /.well-known/serviceinfo",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )


class AsyncModels(Service):
    """TabbyAPI's `models` operations."""

    __slots__ = ()

    async def list(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> ModelList:
        """Lists all models in the model directory.

        Requires an admin key to see all models.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            ModelList: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "ModelList",
            await self._client._request(
                Call(
                    "GET /v1/models",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def get(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> ModelCard:
        """Returns the currently loaded model.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            ModelCard: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "ModelCard",
            await self._client._request(
                Call(
                    "GET /v1/model",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def get_props(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> ModelPropsResponse:
        """Returns specific properties of a model for clients.

        To get all properties, use /v1/model instead.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            ModelPropsResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "ModelPropsResponse",
            await self._client._request(
                Call(
                    "GET /props",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def list_draft(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> ModelList:
        """Lists all draft models in the model directory.

        Requires an admin key to see all draft models.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            ModelList: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "ModelList",
            await self._client._request(
                Call(
                    "GET /v1/model/draft/list",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def load(
        self,
        model_name: str,
        *,
        backend: str | None | NotGiven = NOT_GIVEN,
        max_seq_len: int | None | NotGiven = NOT_GIVEN,
        cache_size: int | None | NotGiven = NOT_GIVEN,
        cache_mode: str | None | NotGiven = NOT_GIVEN,
        tensor_parallel: bool | None | NotGiven = NOT_GIVEN,
        tensor_parallel_backend: str | None | NotGiven = NOT_GIVEN,
        gpu_split_auto: bool | None | NotGiven = NOT_GIVEN,
        autosplit_reserve: SequenceNotStr[float] | None | NotGiven = NOT_GIVEN,
        gpu_split: SequenceNotStr[float] | None | NotGiven = NOT_GIVEN,
        rope_scale: float | None | NotGiven = NOT_GIVEN,
        rope_alpha: float | Literal["auto"] | None | NotGiven = NOT_GIVEN,
        chunk_size: int | None | NotGiven = NOT_GIVEN,
        output_chunking: bool | None | NotGiven = NOT_GIVEN,
        prompt_template: str | None | NotGiven = NOT_GIVEN,
        vision: bool | None | NotGiven = NOT_GIVEN,
        draft_model: DraftModelLoadRequestParam | None | NotGiven = NOT_GIVEN,
        skip_queue: bool | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> ModelLoadResponse:
        """Loads a model (and its draft model, if one is given) into the model container. Progress comes as
        events, the draft model's first; loading the folder that is already loaded finishes at once and
        keeps the old settings (unload first to change them).

        Args:
            model_name (str)
            backend (str | None, optional): Backend to use
            max_seq_len (int | None, optional): Leave this blank to use the model's base sequence length
            cache_size (int | None, optional): Number in tokens, must be multiple of 256
            cache_mode (str | None, optional)
            tensor_parallel (bool | None, optional)
            tensor_parallel_backend (str | None, optional): Server default: `"native"`.
            gpu_split_auto (bool | None, optional)
            autosplit_reserve (SequenceNotStr[float] | None, optional)
            gpu_split (SequenceNotStr[float] | None, optional)
            rope_scale (float | None, optional): Automatically pulled from the model's config if not
                present
            rope_alpha (float | Literal["auto"] | None, optional): Automatically calculated if set to
                "auto"
            chunk_size (int | None, optional)
            output_chunking (bool | None, optional): Server default: `true`.
            prompt_template (str | None, optional)
            vision (bool | None, optional)
            draft_model (DraftModelLoadRequestParam | None, optional)
            skip_queue (bool | None, optional): Server default: `false`.
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            ModelLoadResponse: the last event, once the whole stream was read.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
            StreamError: while iterating: the server reported an error inside the stream.
            IncompleteStreamError: while iterating: the stream ended before its end marker.
        """
        return cast(
            "ModelLoadResponse",
            await self._client._request(
                Call(
                    "POST /v1/model/load",
                    "drain",
                    {
                        "model_name": model_name,
                        "backend": backend,
                        "max_seq_len": max_seq_len,
                        "cache_size": cache_size,
                        "cache_mode": cache_mode,
                        "tensor_parallel": tensor_parallel,
                        "tensor_parallel_backend": tensor_parallel_backend,
                        "gpu_split_auto": gpu_split_auto,
                        "autosplit_reserve": autosplit_reserve,
                        "gpu_split": gpu_split,
                        "rope_scale": rope_scale,
                        "rope_alpha": rope_alpha,
                        "chunk_size": chunk_size,
                        "output_chunking": output_chunking,
                        "prompt_template": prompt_template,
                        "vision": vision,
                        "draft_model": draft_model,
                        "skip_queue": skip_queue,
                    },
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def load_stream(
        self,
        model_name: str,
        *,
        backend: str | None | NotGiven = NOT_GIVEN,
        max_seq_len: int | None | NotGiven = NOT_GIVEN,
        cache_size: int | None | NotGiven = NOT_GIVEN,
        cache_mode: str | None | NotGiven = NOT_GIVEN,
        tensor_parallel: bool | None | NotGiven = NOT_GIVEN,
        tensor_parallel_backend: str | None | NotGiven = NOT_GIVEN,
        gpu_split_auto: bool | None | NotGiven = NOT_GIVEN,
        autosplit_reserve: SequenceNotStr[float] | None | NotGiven = NOT_GIVEN,
        gpu_split: SequenceNotStr[float] | None | NotGiven = NOT_GIVEN,
        rope_scale: float | None | NotGiven = NOT_GIVEN,
        rope_alpha: float | Literal["auto"] | None | NotGiven = NOT_GIVEN,
        chunk_size: int | None | NotGiven = NOT_GIVEN,
        output_chunking: bool | None | NotGiven = NOT_GIVEN,
        prompt_template: str | None | NotGiven = NOT_GIVEN,
        vision: bool | None | NotGiven = NOT_GIVEN,
        draft_model: DraftModelLoadRequestParam | None | NotGiven = NOT_GIVEN,
        skip_queue: bool | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> AsyncStream[ModelLoadResponse]:
        """Loads a model (and its draft model, if one is given) into the model container. Progress comes as
        events, the draft model's first; loading the folder that is already loaded finishes at once and
        keeps the old settings (unload first to change them).

        Args:
            model_name (str)
            backend (str | None, optional): Backend to use
            max_seq_len (int | None, optional): Leave this blank to use the model's base sequence length
            cache_size (int | None, optional): Number in tokens, must be multiple of 256
            cache_mode (str | None, optional)
            tensor_parallel (bool | None, optional)
            tensor_parallel_backend (str | None, optional): Server default: `"native"`.
            gpu_split_auto (bool | None, optional)
            autosplit_reserve (SequenceNotStr[float] | None, optional)
            gpu_split (SequenceNotStr[float] | None, optional)
            rope_scale (float | None, optional): Automatically pulled from the model's config if not
                present
            rope_alpha (float | Literal["auto"] | None, optional): Automatically calculated if set to
                "auto"
            chunk_size (int | None, optional)
            output_chunking (bool | None, optional): Server default: `true`.
            prompt_template (str | None, optional)
            vision (bool | None, optional)
            draft_model (DraftModelLoadRequestParam | None, optional)
            skip_queue (bool | None, optional): Server default: `false`.
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            AsyncStream[ModelLoadResponse]: the events as they arrive; iterate it, close it or use it as
                a context manager (leaving early closes the connection).

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
            StreamError: while iterating: the server reported an error inside the stream.
            IncompleteStreamError: while iterating: the stream ended before its end marker.
        """
        return cast(
            "AsyncStream[ModelLoadResponse]",
            await self._client._request(
                Call(
                    "POST /v1/model/load",
                    "stream",
                    {
                        "model_name": model_name,
                        "backend": backend,
                        "max_seq_len": max_seq_len,
                        "cache_size": cache_size,
                        "cache_mode": cache_mode,
                        "tensor_parallel": tensor_parallel,
                        "tensor_parallel_backend": tensor_parallel_backend,
                        "gpu_split_auto": gpu_split_auto,
                        "autosplit_reserve": autosplit_reserve,
                        "gpu_split": gpu_split,
                        "rope_scale": rope_scale,
                        "rope_alpha": rope_alpha,
                        "chunk_size": chunk_size,
                        "output_chunking": output_chunking,
                        "prompt_template": prompt_template,
                        "vision": vision,
                        "draft_model": draft_model,
                        "skip_queue": skip_queue,
                    },
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def unload(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> None:
        """Unloads the currently loaded model.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            None: the server answers with JSON `null`.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "None",
            await self._client._request(
                Call(
                    "POST /v1/model/unload",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def download(
        self,
        repo_id: str,
        *,
        repo_type: str | NotGiven = NOT_GIVEN,
        folder_name: str | None | NotGiven = NOT_GIVEN,
        revision: str | None | NotGiven = NOT_GIVEN,
        token: str | None | NotGiven = NOT_GIVEN,
        include: SequenceNotStr[str] | NotGiven = NOT_GIVEN,
        exclude: SequenceNotStr[str] | NotGiven = NOT_GIVEN,
        chunk_limit: int | None | NotGiven = NOT_GIVEN,
        timeout: int | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        request_timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> DownloadResponse:
        """Downloads a model from HuggingFace.

        Args:
            repo_id (str)
            repo_type (str, optional): Server default: `"model"`.
            folder_name (str | None, optional)
            revision (str | None, optional)
            token (str | None, optional)
            include (SequenceNotStr[str], optional)
            exclude (SequenceNotStr[str], optional)
            chunk_limit (int | None, optional)
            timeout (int | None, optional)
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            request_timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's
                timeout.

        Returns:
            DownloadResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "DownloadResponse",
            await self._client._request(
                Call(
                    "POST /v1/download",
                    "call",
                    {
                        "repo_id": repo_id,
                        "repo_type": repo_type,
                        "folder_name": folder_name,
                        "revision": revision,
                        "token": token,
                        "include": include,
                        "exclude": exclude,
                        "chunk_limit": chunk_limit,
                        "timeout": timeout,
                    },
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=request_timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def list_embedding(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> ModelList:
        """Lists all embedding models in the model directory.

        Requires an admin key to see all embedding models.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            ModelList: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "ModelList",
            await self._client._request(
                Call(
                    "GET /v1/model/embedding/list",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def get_embedding(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> ModelCard:
        """Returns the currently loaded embedding model.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            ModelCard: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "ModelCard",
            await self._client._request(
                Call(
                    "GET /v1/model/embedding",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def load_embedding(
        self,
        embedding_model_name: str,
        *,
        embeddings_device: str | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> ModelLoadResponse:
        """Load Embedding Model

        Args:
            embedding_model_name (str)
            embeddings_device (str | None, optional): Server default: `"cpu"`.
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            ModelLoadResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "ModelLoadResponse",
            await self._client._request(
                Call(
                    "POST /v1/model/embedding/load",
                    "call",
                    {"embedding_model_name": embedding_model_name, "embeddings_device": embeddings_device},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def unload_embedding(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> None:
        """Unloads the current embedding model.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            None: the server answers with JSON `null`.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "None",
            await self._client._request(
                Call(
                    "POST /v1/model/embedding/unload",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )


class AsyncLora(Service):
    """TabbyAPI's `lora` operations."""

    __slots__ = ()

    async def list(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> LoraList:
        """Lists all LoRAs in the lora directory.

        Requires an admin key to see all LoRAs.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            LoraList: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "LoraList",
            await self._client._request(
                Call(
                    "GET /v1/loras",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def get_active(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> LoraList:
        """Returns the currently loaded loras.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            LoraList: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "LoraList",
            await self._client._request(
                Call(
                    "GET /v1/lora",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def load(
        self,
        loras: Sequence[LoraLoadInfoParam],
        *,
        skip_queue: bool | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> LoraLoadResponse:
        """Loads a LoRA into the model container.

        Args:
            loras (Sequence[LoraLoadInfoParam])
            skip_queue (bool, optional): Server default: `false`.
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            LoraLoadResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "LoraLoadResponse",
            await self._client._request(
                Call(
                    "POST /v1/lora/load",
                    "call",
                    {"loras": loras, "skip_queue": skip_queue},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def unload(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> None:
        """Unloads the currently loaded loras.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            None: the server answers with JSON `null`.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "None",
            await self._client._request(
                Call(
                    "POST /v1/lora/unload",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )


class AsyncTokens(Service):
    """TabbyAPI's `tokens` operations."""

    __slots__ = ()

    async def encode(
        self,
        text: str | Sequence[ChatCompletionMessageParam],
        *,
        add_bos_token: bool | NotGiven = NOT_GIVEN,
        encode_special_tokens: bool | NotGiven = NOT_GIVEN,
        decode_special_tokens: bool | NotGiven = NOT_GIVEN,
        template_vars: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[TokenEncodeRequestAliases],
    ) -> TokenEncodeResponse:
        """Encodes a string or chat completion messages into tokens.

        Args:
            add_bos_token (bool, optional): Server default: `true`.
            encode_special_tokens (bool, optional): Server default: `true`.
            decode_special_tokens (bool, optional): Server default: `true`.
            text (str | Sequence[ChatCompletionMessageParam])
            template_vars (Mapping[str, Any] | None, optional): Also accepted as `chat_template_kwargs`.
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            TokenEncodeResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "TokenEncodeResponse",
            await self._client._request(
                Call(
                    "POST /v1/token/encode",
                    "call",
                    {
                        "add_bos_token": add_bos_token,
                        "encode_special_tokens": encode_special_tokens,
                        "decode_special_tokens": decode_special_tokens,
                        "text": text,
                        "template_vars": template_vars,
                    },
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def decode(
        self,
        tokens: SequenceNotStr[int],
        *,
        add_bos_token: bool | NotGiven = NOT_GIVEN,
        encode_special_tokens: bool | NotGiven = NOT_GIVEN,
        decode_special_tokens: bool | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> TokenDecodeResponse:
        """Decodes tokens into a string.

        Args:
            add_bos_token (bool, optional): Server default: `true`.
            encode_special_tokens (bool, optional): Server default: `true`.
            decode_special_tokens (bool, optional): Server default: `true`.
            tokens (SequenceNotStr[int])
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            TokenDecodeResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "TokenDecodeResponse",
            await self._client._request(
                Call(
                    "POST /v1/token/decode",
                    "call",
                    {
                        "add_bos_token": add_bos_token,
                        "encode_special_tokens": encode_special_tokens,
                        "decode_special_tokens": decode_special_tokens,
                        "tokens": tokens,
                    },
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )


class AsyncAuth(Service):
    """TabbyAPI's `auth` operations."""

    __slots__ = ()

    async def get_permission(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> AuthPermissionResponse:
        """Gets the access level/permission of a provided key in headers.

        Priority: - X-admin-key - X-api-key - Authorization

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            AuthPermissionResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "AuthPermissionResponse",
            await self._client._request(
                Call(
                    "GET /v1/auth/permission",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )


class AsyncTemplates(Service):
    """TabbyAPI's `templates` operations."""

    __slots__ = ()

    async def list(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> TemplateList:
        """Get a list of all templates.

        Requires an admin key to see all templates.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            TemplateList: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "TemplateList",
            await self._client._request(
                Call(
                    "GET /v1/templates",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def switch(
        self,
        prompt_template_name: str,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> None:
        """Switch the currently loaded template.

        Args:
            prompt_template_name (str)
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            None: the server answers with JSON `null`.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "None",
            await self._client._request(
                Call(
                    "POST /v1/template/switch",
                    "call",
                    {"prompt_template_name": prompt_template_name},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def unload(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> None:
        """Unloads the currently selected template

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            None: the server answers with JSON `null`.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "None",
            await self._client._request(
                Call(
                    "POST /v1/template/unload",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )


class AsyncSampling(Service):
    """TabbyAPI's `sampling` operations."""

    __slots__ = ()

    async def list_overrides(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> SamplerOverrideListResponse:
        """List all currently applied sampler overrides.

        Requires an admin key to see all override presets.

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            SamplerOverrideListResponse: the server's answer.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "SamplerOverrideListResponse",
            await self._client._request(
                Call(
                    "GET /v1/sampling/overrides",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def switch_override(
        self,
        *,
        preset: str | None | NotGiven = NOT_GIVEN,
        overrides: Mapping[str, Any] | None | NotGiven = NOT_GIVEN,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> None:
        """Switch the currently loaded override preset

        Args:
            preset (str | None, optional): Pass a sampler override preset name
            overrides (Mapping[str, Any] | None, optional): Sampling override parent takes in individual
                keys and overrides. Ignored if preset is provided.
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            None: the server answers with JSON `null`.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "None",
            await self._client._request(
                Call(
                    "POST /v1/sampling/override/switch",
                    "call",
                    {"preset": preset, "overrides": overrides},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )

    async def unload_override(
        self,
        *,
        extra_headers: Mapping[str, str] | None = None,
        extra_body: Mapping[str, object] | None = None,
        extra_query: Mapping[str, str | int | float | bool] | None = None,
        timeout: float | httpx.Timeout | None = None,
        **aliases: Unpack[NoAliases],
    ) -> None:
        """Unloads the currently selected override preset

        Args:
            extra_headers: Headers to add to this request.
            extra_body: JSON fields to add to the body (fields a newer TabbyAPI knows before you
                regenerate).
            extra_query: Query parameters to add.
            timeout: Seconds (or an `httpx.Timeout`) for this request; None: the client's timeout.

        Returns:
            None: the server answers with JSON `null`.

        Raises:
            RequestValidationError: the arguments cannot form a valid request (nothing was sent).
            APIStatusError: the server answered 4xx/5xx; a subclass per status (`AuthenticationError`,
                `ServiceUnavailableError`, ...).
            APIConnectionError: the server could not be reached or the connection broke
                (`APITimeoutError`: timed out).
            ResponseDecodeError: the answer is not what the spec promises.
        """
        return cast(
            "None",
            await self._client._request(
                Call(
                    "POST /v1/sampling/override/unload",
                    "call",
                    {},
                    CallOptions(
                        extra_headers=extra_headers,
                        extra_body=extra_body,
                        extra_query=extra_query,
                        timeout=timeout,
                    ),
                    aliases,
                )
            ),
        )


class AsyncServices:
    """The services of `AsyncTabby`: one attribute per TabbyAPI tag."""

    @functools.cached_property
    def completions(self) -> AsyncCompletions:
        """TabbyAPI's `completions` operations."""
        return AsyncCompletions(cast("Engine", self))

    @functools.cached_property
    def chat(self) -> AsyncChat:
        """TabbyAPI's `chat` operations."""
        return AsyncChat(cast("Engine", self))

    @functools.cached_property
    def embeddings(self) -> AsyncEmbeddings:
        """TabbyAPI's `embeddings` operations."""
        return AsyncEmbeddings(cast("Engine", self))

    @functools.cached_property
    def kobold(self) -> AsyncKobold:
        """TabbyAPI's `kobold` operations."""
        return AsyncKobold(cast("Engine", self))

    @functools.cached_property
    def health(self) -> AsyncHealth:
        """TabbyAPI's `health` operations."""
        return AsyncHealth(cast("Engine", self))

    @functools.cached_property
    def service_info(self) -> AsyncServiceInfo:
        """TabbyAPI's `service_info` operations."""
        return AsyncServiceInfo(cast("Engine", self))

    @functools.cached_property
    def models(self) -> AsyncModels:
        """TabbyAPI's `models` operations."""
        return AsyncModels(cast("Engine", self))

    @functools.cached_property
    def lora(self) -> AsyncLora:
        """TabbyAPI's `lora` operations."""
        return AsyncLora(cast("Engine", self))

    @functools.cached_property
    def tokens(self) -> AsyncTokens:
        """TabbyAPI's `tokens` operations."""
        return AsyncTokens(cast("Engine", self))

    @functools.cached_property
    def auth(self) -> AsyncAuth:
        """TabbyAPI's `auth` operations."""
        return AsyncAuth(cast("Engine", self))

    @functools.cached_property
    def templates(self) -> AsyncTemplates:
        """TabbyAPI's `templates` operations."""
        return AsyncTemplates(cast("Engine", self))

    @functools.cached_property
    def sampling(self) -> AsyncSampling:
        """TabbyAPI's `sampling` operations."""
        return AsyncSampling(cast("Engine", self))
