"""Process-model administration: upload, review, publish, retire and reactivate process models."""
