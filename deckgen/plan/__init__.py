"""Planning: content + theme + locale -> slide specs. Pure: imports neither pptx nor matplotlib."""
