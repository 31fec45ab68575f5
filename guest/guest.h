/* SPDX-License-Identifier: GPL-2.0 */
/*
 * guest.h - helpers shared by the guest test programs (static inline, so
 * that each program still builds from its one .c file with gcc -static).
 */
#ifndef GUEST_H
#define GUEST_H

#include <stdbool.h>
#include <stdio.h>
#include <string.h>

/**
 * count_vmas() - count the VMAs of this process that overlap [start, end).
 * @start: first address of the range
 * @end: first address past the range
 * @lines: if not NULL, receives the matching lines of /proc/self/maps
 *         (NUL-terminated, truncated to @size)
 * @size: size of @lines
 *
 * Return: the number of lines of /proc/self/maps whose range overlaps
 * [start, end), or -1 (errno set) if /proc/self/maps cannot be opened.
 */
static inline int count_vmas(unsigned long start, unsigned long end,
			     char *lines, size_t size)
{
	unsigned long vm_start, vm_end;
	bool line_start = true, keep = false;
	char buf[512];
	int count = 0;
	FILE *maps;

	if (lines && size)
		lines[0] = '\0';
	maps = fopen("/proc/self/maps", "r");
	if (!maps)
		return -1;
	/* A line longer than buf comes in pieces: parse only its start. */
	while (fgets(buf, sizeof(buf), maps)) {
		size_t used;

		if (line_start) {
			keep = sscanf(buf, "%lx-%lx", &vm_start, &vm_end) == 2 &&
			       vm_start < end && vm_end > start;
			if (keep)
				count++;
		}
		line_start = strchr(buf, '\n') != NULL;
		if (!keep || !lines || !size)
			continue;
		used = strlen(lines);
		snprintf(lines + used, size - used, "%s", buf);
	}
	fclose(maps);
	return count;
}

#endif /* GUEST_H */
