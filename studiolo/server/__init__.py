"""The collaboration server: websocket protocol, session hub, scheduler and store."""
