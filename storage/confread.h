/* Reading a plain "section.key" from git's configuration files without
 * starting libgit2 (whose start parses the whole CA bundle). */
#ifndef GGW_CONFREAD_H
#define GGW_CONFREAD_H

/* Look name ("section.key", no subsection) up in the files libgit2 1.5.1
 * reads, in its order (/etc/gitconfig, the XDG file, ~/.gitconfig,
 * <gitdir>config; the last setting wins). Returns 1 and *out malloc'd if
 * set, 0 if set nowhere, -1 if a file holds something this reader does not
 * take on (includes, quotes, escapes, comments after a value, continued
 * lines, a name with a subsection, no memory): then ask libgit2. */
int confread_get(const char *gitdir, const char *name, char **out);

#endif
