"""Runs inside the parsers venv (python-hcl2, PyYAML): prints a file's content as JSON.

python _dump.py hcl infra/main.tf     python _dump.py yaml cloudbuild.yaml
"""

import json
import sys

kind, path = sys.argv[1], sys.argv[2]
with open(path) as fh:
    if kind == "hcl":
        import hcl2

        opts = hcl2.SerializationOptions(with_comments=False, explicit_blocks=False, strip_string_quotes=True)
        data = hcl2.load(fh, serialization_options=opts)
    elif kind == "yaml":
        import yaml

        data = yaml.safe_load(fh)
    else:
        raise SystemExit(f"unknown kind {kind}")
json.dump(data, sys.stdout)
