"""Payment providers (adapters): the `PaymentProvider` interface, the offline `DemoProvider`, the
`StripeProvider`, and webhook verification. Business rules live in services.payments."""
