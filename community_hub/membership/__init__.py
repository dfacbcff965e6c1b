"""The membership programme: card programmes and levels (`programmes`), printed card batches
(`batches`, `card_codes`, `card_sheet`), activation and upgrades paid as card fees (`activation`,
`card_fee_payments`), what a cardholder sees and shows (`cardholders`), member prices
(`member_price`), region groups and priority (`priority`), identity parameters (`identity`),
referral agents (`agents`), referral codes and the chain (`referral`), commission plans
(`commission_plans`), commission through the ledger (`commission`, `commission_payouts`) and the
agent's statement (`agent_console`). Modules are imported by name; this package re-exports nothing."""
