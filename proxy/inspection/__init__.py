"""Reading what goes to an AI tool: payload formats, uploaded files, garde-ia's answers in each tool's error style, the guard's check service."""
