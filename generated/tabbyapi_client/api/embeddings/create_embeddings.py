from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.embeddings_request import EmbeddingsRequest
from ...models.embeddings_response import EmbeddingsResponse
from ...models.error_detail import ErrorDetail
from ...models.http_validation_error import HTTPValidationError
from ...models.open_ai_error import OpenAIError
from ...types import Response


def _get_kwargs(
    *,
    body: EmbeddingsRequest,
) -> dict[str, Any]:
    headers: dict[str, Any] = {}

    _kwargs: dict[str, Any] = {
        "method": "post",
        "url": "/v1/embeddings",
    }

    _kwargs["json"] = body.to_dict()

    headers["Content-Type"] = "application/json"

    _kwargs["headers"] = headers
    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    EmbeddingsResponse
    | ErrorDetail
    | ErrorDetail
    | HTTPValidationError
    | ErrorDetail
    | OpenAIError
    | str
    | None
):
    if response.status_code == 200:
        response_200 = EmbeddingsResponse.from_dict(response.json())

        return response_200

    if response.status_code == 400:

        def _parse_response_400(data: object) -> ErrorDetail | OpenAIError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_400_type_0 = ErrorDetail.from_dict(data)

                return response_400_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_400_type_1 = OpenAIError.from_dict(data)

            return response_400_type_1

        response_400 = _parse_response_400(response.json())

        return response_400

    if response.status_code == 401:
        response_401 = ErrorDetail.from_dict(response.json())

        return response_401

    if response.status_code == 422:

        def _parse_response_422(data: object) -> ErrorDetail | HTTPValidationError:
            try:
                if not isinstance(data, dict):
                    raise TypeError()
                response_422_type_0 = HTTPValidationError.from_dict(data)

                return response_422_type_0
            except (TypeError, ValueError, AttributeError, KeyError):
                pass
            if not isinstance(data, dict):
                raise TypeError()
            response_422_type_1 = ErrorDetail.from_dict(data)

            return response_422_type_1

        response_422 = _parse_response_422(response.json())

        return response_422

    if response.status_code == 500:
        response_500 = response.text
        return response_500

    if response.status_code == 503:
        response_503 = ErrorDetail.from_dict(response.json())

        return response_503

    if client.raise_on_unexpected_status:
        raise errors.UnexpectedStatus(response.status_code, response.content)
    else:
        return None


def _build_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> Response[
    EmbeddingsResponse | ErrorDetail | ErrorDetail | HTTPValidationError | ErrorDetail | OpenAIError | str
]:
    return Response(
        status_code=HTTPStatus(response.status_code),
        content=response.content,
        headers=response.headers,
        parsed=_parse_response(client=client, response=response),
    )


def sync_detailed(
    *,
    client: AuthenticatedClient,
    body: EmbeddingsRequest,
) -> Response[
    EmbeddingsResponse | ErrorDetail | ErrorDetail | HTTPValidationError | ErrorDetail | OpenAIError | str
]:
    """Embeddings

    Args:
        body (EmbeddingsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EmbeddingsResponse | ErrorDetail | ErrorDetail | HTTPValidationError | ErrorDetail | OpenAIError | str]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
    body: EmbeddingsRequest,
) -> (
    EmbeddingsResponse
    | ErrorDetail
    | ErrorDetail
    | HTTPValidationError
    | ErrorDetail
    | OpenAIError
    | str
    | None
):
    """Embeddings

    Args:
        body (EmbeddingsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EmbeddingsResponse | ErrorDetail | ErrorDetail | HTTPValidationError | ErrorDetail | OpenAIError | str
    """

    return sync_detailed(
        client=client,
        body=body,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
    body: EmbeddingsRequest,
) -> Response[
    EmbeddingsResponse | ErrorDetail | ErrorDetail | HTTPValidationError | ErrorDetail | OpenAIError | str
]:
    """Embeddings

    Args:
        body (EmbeddingsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[EmbeddingsResponse | ErrorDetail | ErrorDetail | HTTPValidationError | ErrorDetail | OpenAIError | str]
    """

    kwargs = _get_kwargs(
        body=body,
    )

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
    body: EmbeddingsRequest,
) -> (
    EmbeddingsResponse
    | ErrorDetail
    | ErrorDetail
    | HTTPValidationError
    | ErrorDetail
    | OpenAIError
    | str
    | None
):
    """Embeddings

    Args:
        body (EmbeddingsRequest):

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        EmbeddingsResponse | ErrorDetail | ErrorDetail | HTTPValidationError | ErrorDetail | OpenAIError | str
    """

    return (
        await asyncio_detailed(
            client=client,
            body=body,
        )
    ).parsed
