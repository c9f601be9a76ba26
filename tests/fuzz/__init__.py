"""Fuzzing harness and the op registry shared by the robustness tests."""
