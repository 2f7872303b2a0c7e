#!/bin/sh
# port_poll_stress.sh: port_stress again, against portd-poll (the portable poll(2) loop).
IPC_PORTD="$top_builddir/coreutils/portd/portd-poll"
export IPC_PORTD
exec "$top_builddir/tests/unit/port_stress"
