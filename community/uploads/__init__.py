"""Uploads: images and documents stripped of metadata and active content before they are stored,
the admin forms that do it, and serving files back without exposing anything."""
