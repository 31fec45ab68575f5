# mm/vma.c: mmap_region_flags(): ksm_vma_flags() dropped (no VM_MERGEABLE before the merge under PR_SET_MEMORY_MERGE)
s/^\t\tvm_flags = ksm_vma_flags(current->mm, file, vm_flags);$/\t\t(void)0;/
