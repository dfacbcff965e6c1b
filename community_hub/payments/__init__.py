"""Payments: providers (providers/: the `PaymentProvider` interface, `DemoProvider`, `StripeProvider`),
payment intents, refunds, payouts, provider events and webhooks, the ledger, and what people see
of their money (receipts, statements, money_admin). Domains hear of their money through `hooks`."""
