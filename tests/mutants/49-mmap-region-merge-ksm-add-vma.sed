# mm/vma.c: __mmap_region(): the merge path calls ksm_add_vma() on the VMA merged into instead of ksm_enter_merge_any()
s/^\t\tksm_enter_merge_any(mm);$/\t\tksm_add_vma(vma);/
