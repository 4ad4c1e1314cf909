"""`make bench`: what each kind of request costs in DynamoDB read units as the store grows."""
