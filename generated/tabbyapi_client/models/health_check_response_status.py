from typing import Literal

HealthCheckResponseStatus = Literal["healthy", "unhealthy"]

HEALTH_CHECK_RESPONSE_STATUS_VALUES: set[HealthCheckResponseStatus] = {
    "healthy",
    "unhealthy",
}


def check_health_check_response_status(value: str) -> HealthCheckResponseStatus:
    if value in HEALTH_CHECK_RESPONSE_STATUS_VALUES:
        return value
    raise TypeError(f"Unexpected value {value!r}. Expected one of {HEALTH_CHECK_RESPONSE_STATUS_VALUES!r}")
