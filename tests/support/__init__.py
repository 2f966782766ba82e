"""Helpers shared by the tests (servers, proxies, drivers); no tests here."""
