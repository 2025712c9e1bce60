# Home Assistant 2026.10 and later replace voluptuous with probatio at run time
# (probatio.compat.install_as_voluptuous), and type their APIs with probatio's
# classes. On those releases the type checker reads `voluptuous` as this stub.
from probatio import *  # noqa: F403
