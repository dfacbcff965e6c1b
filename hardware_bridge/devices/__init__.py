"""Device drivers. Each device reports its status and results through a `publish` callable
(type, device_id, data) handed to it by the bridge; drivers never talk to the websocket."""
