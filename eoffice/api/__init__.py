"""The public JSON API's shared parts: the OpenAPI document assembled from every capability."""
