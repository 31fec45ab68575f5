# mm/vma_desc.c: __compat_vma_mmap_prepare(): the hook's flags ORed into the VMA's (vm_flags_set), so flags it cleared stay
s/^\tvm_flags_reset(vma, desc.vm_flags);$/\tvm_flags_set(vma, desc.vm_flags);/
