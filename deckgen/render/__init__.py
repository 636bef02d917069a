"""Renderers: turn planned slide specs into pptx shapes and pictures."""
