# mm/vma_desc.c: call_mmap_prepare(): no warning naming the hook and the rule it broke (still -EINVAL)
s/^\t\tWARN_ONCE(1, "%pS %s /\t\tWARN_ONCE(0, "%pS %s /
