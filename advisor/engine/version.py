# Bump when a change to the engine can change a score, so stored results say which rules made them.
ENGINE_VERSION = "2.3.0"
