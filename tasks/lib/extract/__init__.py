"""What one parsed article holds: entities, roles, quotes, amounts, dates."""
