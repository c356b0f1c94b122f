"""The "Trên làm gương mẫu mực, dưới tích cực làm theo" pledge model (DOMAIN.md §7)."""
