# mm/vma_desc.c: mmap_prepare_lower(): refusing a lower file swapped in under a kept file leaks the credentials of its lower ->mmap()
/WARN_ON_ONCE(nested.vm_file != desc->vm_file)) {$/,/^\t}$/s/^\t\tmmap_action_release(\&nested.action);$/\t\t(void)nested;/
