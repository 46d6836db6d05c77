"""Dispositions (lembar disposisi): who sends a letter to whom, with what instruction, and the reports back."""
