# mm/vma.c: mmap_action_prepare(): the VMA does not get VM_PAT for the memory type reserved with it
s/^\t\t\tdesc->vm_flags |= VM_PFN_TRACKED;$/\t\t\t(void)desc;/
