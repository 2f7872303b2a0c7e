/* utilities.h: the entry point of every utility, for their binaries and for ipcsh's builtins. */
#ifndef IPC_UTILITIES_H
#define IPC_UTILITIES_H

/* One line per utility, in alphabetical order. */
int chan_main(int argc, char **argv);
int mkfifo_main(int argc, char **argv);
int msgq_main(int argc, char **argv);
int portctl_main(int argc, char **argv);
int shmctl_main(int argc, char **argv);

#endif
