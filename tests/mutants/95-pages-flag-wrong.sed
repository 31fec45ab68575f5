# mm/vma_desc.c: mmap_action_flags(): the map-kernel-pages action implies no flag
s/^\t\treturn VM_MIXEDMAP;$/\t\treturn 0;/
