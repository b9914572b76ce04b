"""Sign-off marks every paper carries, digital signatures (PAdES) and verification of received files."""
