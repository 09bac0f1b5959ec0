"""The record books: activities, funds and in-kind support, in-service party members and their services."""
