"""The daily briefing by email: double opt-in subscriptions, one mail a day, its web page."""
