from django.apps import AppConfig


class BenchConfig(AppConfig):
    """Benchmark-only models and views; installed by portail.settings_bench alone."""

    name = "bench"
