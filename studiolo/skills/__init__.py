"""Skills: one capability each (imagine, describe, refine, ...), emitting events; they never know about websockets."""
