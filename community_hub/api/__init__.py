"""HTTP API mounted beside the Reflex app (rx.App(api_transformer=...)): health, webhooks, REST."""
