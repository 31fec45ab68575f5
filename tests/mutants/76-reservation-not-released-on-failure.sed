# mm/vma.c: mmap_region_flags(): a mapping that fails before its VMA exists keeps its memory type reserved
s/^\t\tmmap_action_abort(\&desc);$/\t\t(void)desc;/
