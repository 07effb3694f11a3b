"""Slides: charts and tables composed as 1920×1080 images (compose), the meeting deck (deck),
drawn by one headless Chromium (render), packed as ZIP or PPTX (files)."""
