"""Signing: contract templates, contracts, signers, the audit chain, the seal, PDFs."""
