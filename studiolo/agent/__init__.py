"""The agent: session state, draft lineage, routing and the turn loop."""
