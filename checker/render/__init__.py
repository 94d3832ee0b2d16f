"""Renderers: a Report in, a string out; they format, they never compute."""
