/* The privacy rule's second half: a child's name next to an age, a grade,
 * a school or a village group ("张小明（10岁，新义小学三年级）", "家住新义村5组
 * 的李某某", "三年级学生王某"). The ledger is copied to every PC and its
 * history cannot be erased, so such text is refused like an ID number.
 * libc only. */
#ifndef GGW_PRIVACY_H
#define GGW_PRIVACY_H

#include <stddef.h>
#include <stdint.h>

/* Does text (n code points, digits already folded to ASCII) name a child
 * that way? If so, return 1 and put the name, cut short, in what. */
int text_names_child(const uint32_t *text, size_t n, char *what, size_t whatlen);

#endif
