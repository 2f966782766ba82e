"""Contains all the data models used in inputs/outputs"""

from .abort_request import AbortRequest
from .abort_response import AbortResponse
from .auth_permission_response import AuthPermissionResponse
from .chat_completion_delta import ChatCompletionDelta
from .chat_completion_image_url import ChatCompletionImageUrl
from .chat_completion_logprob import ChatCompletionLogprob
from .chat_completion_logprob_leaf import ChatCompletionLogprobLeaf
from .chat_completion_logprobs import ChatCompletionLogprobs
from .chat_completion_message import ChatCompletionMessage
from .chat_completion_message_output import ChatCompletionMessageOutput
from .chat_completion_message_part import ChatCompletionMessagePart
from .chat_completion_message_part_type import ChatCompletionMessagePartType
from .chat_completion_request import ChatCompletionRequest
from .chat_completion_request_functions_type_0_item import ChatCompletionRequestFunctionsType0Item
from .chat_completion_request_logit_bias_type_0 import ChatCompletionRequestLogitBiasType0
from .chat_completion_request_template_vars import ChatCompletionRequestTemplateVars
from .chat_completion_request_tool_choice_type_0 import ChatCompletionRequestToolChoiceType0
from .chat_completion_resp_choice import ChatCompletionRespChoice
from .chat_completion_response import ChatCompletionResponse
from .chat_completion_stream_choice import ChatCompletionStreamChoice
from .chat_completion_stream_chunk import ChatCompletionStreamChunk
from .chat_completion_stream_options import ChatCompletionStreamOptions
from .check_generate_request import CheckGenerateRequest
from .completion_logprobs import CompletionLogprobs
from .completion_logprobs_top_logprobs_item_type_0 import CompletionLogprobsTopLogprobsItemType0
from .completion_request import CompletionRequest
from .completion_request_logit_bias_type_0 import CompletionRequestLogitBiasType0
from .completion_resp_choice import CompletionRespChoice
from .completion_response import CompletionResponse
from .completion_response_format import CompletionResponseFormat
from .completion_response_format_type import CompletionResponseFormatType
from .completion_stream_choice import CompletionStreamChoice
from .completion_stream_chunk import CompletionStreamChunk
from .current_model_response import CurrentModelResponse
from .download_request import DownloadRequest
from .download_response import DownloadResponse
from .draft_model_load_request import DraftModelLoadRequest
from .draft_model_load_request_draft_rope_alpha_type_1 import DraftModelLoadRequestDraftRopeAlphaType1
from .embedding_model_load_request import EmbeddingModelLoadRequest
from .embedding_object import EmbeddingObject
from .embeddings_request import EmbeddingsRequest
from .embeddings_response import EmbeddingsResponse
from .error_detail import ErrorDetail
from .function import Function
from .function_parameters import FunctionParameters
from .generate_request import GenerateRequest
from .generate_request_logit_bias_type_0 import GenerateRequestLogitBiasType0
from .generate_response import GenerateResponse
from .generate_response_result import GenerateResponseResult
from .health_check_response import HealthCheckResponse
from .health_check_response_status import HealthCheckResponseStatus
from .http_validation_error import HTTPValidationError
from .kobold_extra_version_response import KoboldExtraVersionResponse
from .kobold_set_soft_prompt_response import KoboldSetSoftPromptResponse
from .kobold_soft_prompt import KoboldSoftPrompt
from .kobold_soft_prompt_list import KoboldSoftPromptList
from .kobold_token_event import KoboldTokenEvent
from .kobold_version_response import KoboldVersionResponse
from .logging_config import LoggingConfig
from .lora_card import LoraCard
from .lora_list import LoraList
from .lora_load_info import LoraLoadInfo
from .lora_load_request import LoraLoadRequest
from .lora_load_response import LoraLoadResponse
from .max_length_response import MaxLengthResponse
from .model_card import ModelCard
from .model_card_parameters import ModelCardParameters
from .model_default_generation_settings import ModelDefaultGenerationSettings
from .model_list import ModelList
from .model_load_request import ModelLoadRequest
from .model_load_request_rope_alpha_type_1 import ModelLoadRequestRopeAlphaType1
from .model_load_response import ModelLoadResponse
from .model_props_response import ModelPropsResponse
from .named_tool_choice import NamedToolChoice
from .named_tool_function import NamedToolFunction
from .open_ai_error import OpenAIError
from .open_ai_error_body import OpenAIErrorBody
from .reasoning_options import ReasoningOptions
from .sampler_override_list_response import SamplerOverrideListResponse
from .sampler_override_list_response_overrides import SamplerOverrideListResponseOverrides
from .sampler_override_switch_request import SamplerOverrideSwitchRequest
from .sampler_override_switch_request_overrides_type_0 import SamplerOverrideSwitchRequestOverridesType0
from .service_api import ServiceApi
from .service_info_response import ServiceInfoResponse
from .service_info_response_api import ServiceInfoResponseApi
from .service_info_software import ServiceInfoSoftware
from .stream_error_detail import StreamErrorDetail
from .stream_error_event import StreamErrorEvent
from .template_list import TemplateList
from .template_switch_request import TemplateSwitchRequest
from .token_count_request import TokenCountRequest
from .token_count_response import TokenCountResponse
from .token_decode_request import TokenDecodeRequest
from .token_decode_response import TokenDecodeResponse
from .token_encode_request import TokenEncodeRequest
from .token_encode_request_template_vars_type_0 import TokenEncodeRequestTemplateVarsType0
from .token_encode_response import TokenEncodeResponse
from .tool import Tool
from .tool_call import ToolCall
from .tool_call_output import ToolCallOutput
from .tool_output import ToolOutput
from .tool_spec import ToolSpec
from .unhealthy_event import UnhealthyEvent
from .usage_info import UsageInfo
from .usage_stats import UsageStats
from .validation_error import ValidationError
from .validation_error_context import ValidationErrorContext

__all__ = (
    "AbortRequest",
    "AbortResponse",
    "AuthPermissionResponse",
    "ChatCompletionDelta",
    "ChatCompletionImageUrl",
    "ChatCompletionLogprob",
    "ChatCompletionLogprobLeaf",
    "ChatCompletionLogprobs",
    "ChatCompletionMessage",
    "ChatCompletionMessageOutput",
    "ChatCompletionMessagePart",
    "ChatCompletionMessagePartType",
    "ChatCompletionRequest",
    "ChatCompletionRequestFunctionsType0Item",
    "ChatCompletionRequestLogitBiasType0",
    "ChatCompletionRequestTemplateVars",
    "ChatCompletionRequestToolChoiceType0",
    "ChatCompletionRespChoice",
    "ChatCompletionResponse",
    "ChatCompletionStreamChoice",
    "ChatCompletionStreamChunk",
    "ChatCompletionStreamOptions",
    "CheckGenerateRequest",
    "CompletionLogprobs",
    "CompletionLogprobsTopLogprobsItemType0",
    "CompletionRequest",
    "CompletionRequestLogitBiasType0",
    "CompletionRespChoice",
    "CompletionResponse",
    "CompletionResponseFormat",
    "CompletionResponseFormatType",
    "CompletionStreamChoice",
    "CompletionStreamChunk",
    "CurrentModelResponse",
    "DownloadRequest",
    "DownloadResponse",
    "DraftModelLoadRequest",
    "DraftModelLoadRequestDraftRopeAlphaType1",
    "EmbeddingModelLoadRequest",
    "EmbeddingObject",
    "EmbeddingsRequest",
    "EmbeddingsResponse",
    "ErrorDetail",
    "Function",
    "FunctionParameters",
    "GenerateRequest",
    "GenerateRequestLogitBiasType0",
    "GenerateResponse",
    "GenerateResponseResult",
    "HealthCheckResponse",
    "HealthCheckResponseStatus",
    "HTTPValidationError",
    "KoboldExtraVersionResponse",
    "KoboldSetSoftPromptResponse",
    "KoboldSoftPrompt",
    "KoboldSoftPromptList",
    "KoboldTokenEvent",
    "KoboldVersionResponse",
    "LoggingConfig",
    "LoraCard",
    "LoraList",
    "LoraLoadInfo",
    "LoraLoadRequest",
    "LoraLoadResponse",
    "MaxLengthResponse",
    "ModelCard",
    "ModelCardParameters",
    "ModelDefaultGenerationSettings",
    "ModelList",
    "ModelLoadRequest",
    "ModelLoadRequestRopeAlphaType1",
    "ModelLoadResponse",
    "ModelPropsResponse",
    "NamedToolChoice",
    "NamedToolFunction",
    "OpenAIError",
    "OpenAIErrorBody",
    "ReasoningOptions",
    "SamplerOverrideListResponse",
    "SamplerOverrideListResponseOverrides",
    "SamplerOverrideSwitchRequest",
    "SamplerOverrideSwitchRequestOverridesType0",
    "ServiceApi",
    "ServiceInfoResponse",
    "ServiceInfoResponseApi",
    "ServiceInfoSoftware",
    "StreamErrorDetail",
    "StreamErrorEvent",
    "TemplateList",
    "TemplateSwitchRequest",
    "TokenCountRequest",
    "TokenCountResponse",
    "TokenDecodeRequest",
    "TokenDecodeResponse",
    "TokenEncodeRequest",
    "TokenEncodeRequestTemplateVarsType0",
    "TokenEncodeResponse",
    "Tool",
    "ToolCall",
    "ToolCallOutput",
    "ToolOutput",
    "ToolSpec",
    "UnhealthyEvent",
    "UsageInfo",
    "UsageStats",
    "ValidationError",
    "ValidationErrorContext",
)
