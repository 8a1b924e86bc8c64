"""The drift check (issue 19): is a new screenshot on-brand?

`reference` reads the tokens to check against (any DTCG file, or a project's library through its
DTCG export); `colors` and `lengths` judge what one image measures against them; `report` puts it
together; `check` runs it in-process on image bytes; `html` and `overlay` draw it for people.
No Google Cloud imports.
"""
