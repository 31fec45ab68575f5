# mm/vma.c: mmap_action_prepare(): I/O memory is mapped with the protection of ordinary memory
s/^\t\tprot = pgprot_decrypted(prot);$/\t\t(void)prot;/
