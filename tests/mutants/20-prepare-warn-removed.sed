# mm/vma_desc.c: call_mmap_prepare(): a broken rule is refused (still -EINVAL) but not reported: no warning naming the hook and the rule, and not counted
s/^\t\tvma_desc_report(hook, violation, desc, vm_flags, pgoff);$/\t\t(void)desc;/
