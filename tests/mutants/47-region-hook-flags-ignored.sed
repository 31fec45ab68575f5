# mm/vma.c: mmap_region_prepare(): the flags the hook chose are not the ones checked and mapped
/^\tvm_flags = desc\.vm_flags;$/d
