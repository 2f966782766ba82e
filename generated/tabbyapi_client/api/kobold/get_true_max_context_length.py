from http import HTTPStatus
from typing import Any

import httpx

from ... import errors
from ...client import AuthenticatedClient, Client
from ...models.error_detail import ErrorDetail
from ...models.http_validation_error import HTTPValidationError
from ...models.max_length_response import MaxLengthResponse
from ...models.open_ai_error import OpenAIError
from ...types import Response


def _get_kwargs() -> dict[str, Any]:

    _kwargs: dict[str, Any] = {
        "method": "get",
        "url": "/api/extra/true_max_context_length",
    }

    return _kwargs


def _parse_response(
    *, client: AuthenticatedClient | Client, response: httpx.Response
) -> (
    ErrorDetail
    | ErrorDetail
    | HTTPValidationError
    | ErrorDetail
    | OpenAIError
    | MaxLengthResponse
    | str
    | None
):
    if response.status_code == 200:
        response_200 = MaxLengthResponse.from_dict(response.json())

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
    ErrorDetail | ErrorDetail | HTTPValidationError | ErrorDetail | OpenAIError | MaxLengthResponse | str
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
) -> Response[
    ErrorDetail | ErrorDetail | HTTPValidationError | ErrorDetail | OpenAIError | MaxLengthResponse | str
]:
    """Get Max Length

     Fetches the max length of the model.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorDetail | ErrorDetail | HTTPValidationError | ErrorDetail | OpenAIError | MaxLengthResponse | str]
    """

    kwargs = _get_kwargs()

    response = client.get_httpx_client().request(
        **kwargs,
    )

    return _build_response(client=client, response=response)


def sync(
    *,
    client: AuthenticatedClient,
) -> (
    ErrorDetail
    | ErrorDetail
    | HTTPValidationError
    | ErrorDetail
    | OpenAIError
    | MaxLengthResponse
    | str
    | None
):
    """Get Max Length

     Fetches the max length of the model.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorDetail | ErrorDetail | HTTPValidationError | ErrorDetail | OpenAIError | MaxLengthResponse | str
    """

    return sync_detailed(
        client=client,
    ).parsed


async def asyncio_detailed(
    *,
    client: AuthenticatedClient,
) -> Response[
    ErrorDetail | ErrorDetail | HTTPValidationError | ErrorDetail | OpenAIError | MaxLengthResponse | str
]:
    """Get Max Length

     Fetches the max length of the model.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        Response[ErrorDetail | ErrorDetail | HTTPValidationError | ErrorDetail | OpenAIError | MaxLengthResponse | str]
    """

    kwargs = _get_kwargs()

    response = await client.get_async_httpx_client().request(**kwargs)

    return _build_response(client=client, response=response)


async def asyncio(
    *,
    client: AuthenticatedClient,
) -> (
    ErrorDetail
    | ErrorDetail
    | HTTPValidationError
    | ErrorDetail
    | OpenAIError
    | MaxLengthResponse
    | str
    | None
):
    """Get Max Length

     Fetches the max length of the model.

    Raises:
        errors.UnexpectedStatus: If the server returns an undocumented status code and Client.raise_on_unexpected_status is True.
        httpx.TimeoutException: If the request takes longer than Client.timeout.

    Returns:
        ErrorDetail | ErrorDetail | HTTPValidationError | ErrorDetail | OpenAIError | MaxLengthResponse | str
    """

    return (
        await asyncio_detailed(
            client=client,
        )
    ).parsed
