# man/local.mk: every program's and public function group's page (mdoc).
